-- Two-pass sync. Pass 1 stores what a list row needs from the envelope
-- (needs_details = true), pass 2 fills in what BODYSTRUCTURE and the first
-- bytes of the text give (snippet, attachment marker) and the search vector.
-- The partial index finds pass 2's next batch, newest first, without a scan.
ALTER TABLE "messages" ADD COLUMN "needs_details" BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX "messages_needs_details_idx" ON "messages" ("folder_id", "uid" DESC) WHERE "needs_details";

-- A folder's total and unread counters follow its cached messages, so no
-- write needs a count(*) over the folder afterwards. Statement-level
-- triggers with transition tables see exactly the rows each statement
-- inserted, deleted or changed, and add one delta per folder.
-- While a first sync is under way (synced_at IS NULL) the counters are the
-- server's (the cache is still incomplete), so the delta is not applied,
-- but the folder row is still locked: the statement that completes the
-- first sync locks it too before it counts, so no row is counted twice or
-- not at all. The triggers also run for deletes cascaded from folders.
CREATE FUNCTION "messages_keep_folder_counts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE "folders" f
       SET "total_count" = CASE WHEN f."synced_at" IS NULL THEN f."total_count" ELSE f."total_count" + d.n END,
           "unread_count" = CASE WHEN f."synced_at" IS NULL THEN f."unread_count" ELSE f."unread_count" + d.u END
      FROM (SELECT "folder_id", count(*) AS n, count(*) FILTER (WHERE NOT "seen") AS u FROM new_rows GROUP BY "folder_id") d
     WHERE f."id" = d."folder_id";
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE "folders" f
       SET "total_count" = CASE WHEN f."synced_at" IS NULL THEN f."total_count" ELSE f."total_count" - d.n END,
           "unread_count" = CASE WHEN f."synced_at" IS NULL THEN f."unread_count" ELSE f."unread_count" - d.u END
      FROM (SELECT "folder_id", count(*) AS n, count(*) FILTER (WHERE NOT "seen") AS u FROM old_rows GROUP BY "folder_id") d
     WHERE f."id" = d."folder_id";
  ELSE
    UPDATE "folders" f
       SET "total_count" = CASE WHEN f."synced_at" IS NULL THEN f."total_count" ELSE f."total_count" + d.n END,
           "unread_count" = CASE WHEN f."synced_at" IS NULL THEN f."unread_count" ELSE f."unread_count" + d.u END
      FROM (SELECT "folder_id", sum(n) AS n, sum(u) AS u
              FROM (SELECT "folder_id", -1 AS n, CASE WHEN "seen" THEN 0 ELSE -1 END AS u FROM old_rows
                    UNION ALL
                    SELECT "folder_id", 1, CASE WHEN "seen" THEN 0 ELSE 1 END FROM new_rows) c
             GROUP BY "folder_id" HAVING sum(n) <> 0 OR sum(u) <> 0) d
     WHERE f."id" = d."folder_id";
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "messages_counts_insert" AFTER INSERT ON "messages"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "messages_keep_folder_counts"();
CREATE TRIGGER "messages_counts_delete" AFTER DELETE ON "messages"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "messages_keep_folder_counts"();
CREATE TRIGGER "messages_counts_update" AFTER UPDATE ON "messages"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "messages_keep_folder_counts"();

-- Folders already synced before this migration: their counters become exact once.
UPDATE "folders" f
   SET "total_count" = (SELECT count(*) FROM "messages" m WHERE m."folder_id" = f."id"),
       "unread_count" = (SELECT count(*) FROM "messages" m WHERE m."folder_id" = f."id" AND NOT m."seen")
 WHERE f."synced_at" IS NOT NULL;
