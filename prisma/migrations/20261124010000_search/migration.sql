-- Full-text search over the cache. The vector is built by the app from
-- lib/search/search-text.ts (Korean, Japanese and Chinese runs become
-- overlapping bigrams, which the simple configuration cannot produce) with
-- weights: A subject, B people, C snippet and body text. Rows from before
-- this migration have no vector yet and are indexed by the next sync.
ALTER TABLE "messages" ADD COLUMN "search_vector" TSVECTOR;
CREATE INDEX "messages_search_idx" ON "messages" USING GIN ("search_vector");
