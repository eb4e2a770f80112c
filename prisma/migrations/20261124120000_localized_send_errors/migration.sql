-- Why a send failed, as a translation key and its values (lib/errors.ts
-- LocalizedMessage), next to the English text in last_error: the outbox and
-- a returned draft show it in the reader's language. NULL for errors that
-- have no key (the English text is shown).
ALTER TABLE "submissions" ADD COLUMN "last_error_localized" JSONB;
ALTER TABLE "drafts" ADD COLUMN "last_error_localized" JSONB;
