-- Recipient autocomplete: when the account's contacts were last rebuilt from
-- its cached mail. NULL until the first rebuild; a background job refreshes
-- them once this is older than a few minutes (lib/compose/contacts.ts).
ALTER TABLE "accounts" ADD COLUMN "contacts_refreshed_at" TIMESTAMPTZ(3);
