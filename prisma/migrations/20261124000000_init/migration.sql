-- maeil's first schema: accounts, sessions, the folder/message cache and
-- decoded bodies. Kept in step with prisma/schema.prisma by
-- a test that compares the live tables with the schema. Comments here hold
-- no semicolons: some Prisma tools split scripts on them.

CREATE TABLE "accounts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "display_name" TEXT,
    "imap_host" TEXT NOT NULL,
    "imap_port" INTEGER NOT NULL,
    "imap_security" TEXT NOT NULL,
    "smtp_host" TEXT NOT NULL,
    "smtp_port" INTEGER NOT NULL,
    "smtp_security" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "password_sealed" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_login_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "accounts_email_imap_host_imap_port_key" ON "accounts"("email", "imap_host", "imap_port");

CREATE TABLE "app_sessions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "account_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "app_sessions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "app_sessions_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "app_sessions_account_id_idx" ON "app_sessions"("account_id");

CREATE TABLE "folders" (
    "id" BIGSERIAL NOT NULL,
    "account_id" UUID NOT NULL,
    "path" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "delimiter" TEXT,
    "parent_path" TEXT,
    "special_use" TEXT,
    "subscribed" BOOLEAN NOT NULL DEFAULT true,
    "selectable" BOOLEAN NOT NULL DEFAULT true,
    "uid_validity" BIGINT,
    "uid_next" BIGINT,
    "highest_modseq" BIGINT,
    "total_count" INTEGER NOT NULL DEFAULT 0,
    "unread_count" INTEGER NOT NULL DEFAULT 0,
    "synced_at" TIMESTAMPTZ(3),
    CONSTRAINT "folders_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "folders_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "folders_account_id_path_key" ON "folders"("account_id", "path");

CREATE TABLE "messages" (
    "id" BIGSERIAL NOT NULL,
    "folder_id" BIGINT NOT NULL,
    "uid" BIGINT NOT NULL,
    "message_id" TEXT,
    "in_reply_to" TEXT,
    "subject" TEXT NOT NULL DEFAULT '',
    "from_name" TEXT NOT NULL DEFAULT '',
    "from_address" TEXT NOT NULL DEFAULT '',
    "to_list" JSONB NOT NULL DEFAULT '[]',
    "cc_list" JSONB NOT NULL DEFAULT '[]',
    "sent_at" TIMESTAMPTZ(3),
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "size" INTEGER NOT NULL DEFAULT 0,
    "flags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "seen" BOOLEAN NOT NULL DEFAULT false,
    "flagged" BOOLEAN NOT NULL DEFAULT false,
    "answered" BOOLEAN NOT NULL DEFAULT false,
    "has_attachments" BOOLEAN NOT NULL DEFAULT false,
    "snippet" TEXT NOT NULL DEFAULT '',
    "modseq" BIGINT,
    CONSTRAINT "messages_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "messages_folder_id_fkey" FOREIGN KEY ("folder_id") REFERENCES "folders"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "messages_folder_id_uid_key" ON "messages"("folder_id", "uid");
-- The list is newest first: this index is its exact sort, so a page is an index scan.
CREATE INDEX "messages_folder_received_idx" ON "messages"("folder_id", "received_at" DESC, "uid" DESC);

CREATE TABLE "message_bodies" (
    "message_id" BIGINT NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "html" TEXT,
    "has_remote_content" BOOLEAN NOT NULL DEFAULT false,
    "attachments" JSONB NOT NULL DEFAULT '[]',
    "parser_version" INTEGER NOT NULL,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "message_bodies_pkey" PRIMARY KEY ("message_id"),
    CONSTRAINT "message_bodies_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
