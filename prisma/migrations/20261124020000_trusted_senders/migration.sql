-- Senders whose remote images the reader chose to always load.
CREATE TABLE "trusted_senders" (
    "account_id" UUID NOT NULL,
    "address" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "trusted_senders_pkey" PRIMARY KEY ("account_id", "address"),
    CONSTRAINT "trusted_senders_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
