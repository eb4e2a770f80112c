-- What a reply needs from the original beyond its envelope: where replies go
-- (Reply-To) and the thread (References, RFC 5322 3.6.4).
ALTER TABLE "message_bodies" ADD COLUMN "reply_to" JSONB NOT NULL DEFAULT '[]';
ALTER TABLE "message_bodies" ADD COLUMN "references" TEXT[] DEFAULT ARRAY[]::TEXT[];
