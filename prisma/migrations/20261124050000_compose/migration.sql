-- Writing mail: identities, drafts with their attachments, the outbox of
-- submissions (durable, exactly once), contacts for autocomplete, and the
-- read-receipt request of a cached message.

-- Seconds a sent message waits in the outbox so that Undo can bring it back (0 allowed).
ALTER TABLE "accounts" ADD COLUMN "undo_send_seconds" INTEGER NOT NULL DEFAULT 10;

-- The From choices of an account: display name, address, reply-to, signature.
CREATE TABLE "identities" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "account_id" UUID NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "email" TEXT NOT NULL,
    "reply_to" TEXT NOT NULL DEFAULT '',
    "signature_html" TEXT NOT NULL DEFAULT '',
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "identities_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "identities_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "identities_account_id_idx" ON "identities"("account_id");
-- At most one default identity per account.
CREATE UNIQUE INDEX "identities_one_default_idx" ON "identities"("account_id") WHERE "is_default";

-- What the user is writing. Saved every few seconds, so a closed tab or a
-- restart loses at most the last few seconds. Recipient fields keep exactly
-- what was typed (even invalid addresses), so nothing is lost.
CREATE TABLE "drafts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "account_id" UUID NOT NULL,
    "identity_id" UUID,
    "to_field" TEXT NOT NULL DEFAULT '',
    "cc_field" TEXT NOT NULL DEFAULT '',
    "bcc_field" TEXT NOT NULL DEFAULT '',
    "subject" TEXT NOT NULL DEFAULT '',
    "format" TEXT NOT NULL DEFAULT 'html',
    "body_html" TEXT NOT NULL DEFAULT '',
    "body_text" TEXT NOT NULL DEFAULT '',
    "in_reply_to" TEXT NOT NULL DEFAULT '',
    "references" TEXT NOT NULL DEFAULT '',
    "original_id" BIGINT,
    "request_read_receipt" BOOLEAN NOT NULL DEFAULT false,
    "request_dsn" BOOLEAN NOT NULL DEFAULT false,
    "state" TEXT NOT NULL DEFAULT 'editing',
    "last_error" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "imap_folder" TEXT,
    "imap_uid" BIGINT,
    "imap_revision" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "drafts_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "drafts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "drafts_identity_id_fkey" FOREIGN KEY ("identity_id") REFERENCES "identities"("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE INDEX "drafts_account_id_updated_at_idx" ON "drafts"("account_id", "updated_at" DESC);

-- Files attached to a draft. The bytes live in attachment_chunks, written as
-- they arrive, so an upload is never held whole in memory and any app
-- instance can read it.
CREATE TABLE "draft_attachments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "draft_id" UUID NOT NULL,
    "filename" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" BIGINT NOT NULL DEFAULT 0,
    "sha256" TEXT,
    "content_id" TEXT,
    "complete" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "draft_attachments_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "draft_attachments_draft_id_fkey" FOREIGN KEY ("draft_id") REFERENCES "drafts"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "draft_attachments_draft_id_idx" ON "draft_attachments"("draft_id");

CREATE TABLE "attachment_chunks" (
    "attachment_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    CONSTRAINT "attachment_chunks_pkey" PRIMARY KEY ("attachment_id", "seq"),
    CONSTRAINT "attachment_chunks_attachment_id_fkey" FOREIGN KEY ("attachment_id") REFERENCES "draft_attachments"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- One send of one message. The bytes and the Message-ID are fixed when it is
-- queued, and the state records the SMTP server's acceptance before anything
-- else happens, so a crash and retry never submits the message twice.
CREATE TABLE "submissions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "account_id" UUID NOT NULL,
    "draft_id" UUID,
    "message_id" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "recipients" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "envelope_from" TEXT NOT NULL,
    "raw" BYTEA NOT NULL,
    "raw_sent_copy" BYTEA NOT NULL,
    "request_dsn" BOOLEAN NOT NULL DEFAULT false,
    "original_id" BIGINT,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "send_at" TIMESTAMPTZ(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "rejected" JSONB NOT NULL DEFAULT '[]',
    "transcript" JSONB NOT NULL DEFAULT '[]',
    "queue_id" TEXT,
    "accepted_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "submissions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "submissions_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "submissions_draft_id_fkey" FOREIGN KEY ("draft_id") REFERENCES "drafts"("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE INDEX "submissions_account_id_created_at_idx" ON "submissions"("account_id", "created_at" DESC);
CREATE INDEX "submissions_account_id_message_id_idx" ON "submissions"("account_id", "message_id");

-- People the account writes to and hears from, ranked for autocomplete.
CREATE TABLE "contacts" (
    "account_id" UUID NOT NULL,
    "address" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "sent_count" INTEGER NOT NULL DEFAULT 0,
    "received_count" INTEGER NOT NULL DEFAULT 0,
    "last_used_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "contacts_pkey" PRIMARY KEY ("account_id", "address"),
    CONSTRAINT "contacts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Where a read receipt should go (Disposition-Notification-To), when asked for.
ALTER TABLE "message_bodies" ADD COLUMN "read_receipt_to" TEXT;
