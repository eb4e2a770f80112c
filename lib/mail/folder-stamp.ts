import type { FolderRecord } from "@/lib/db/folders";

/**
 * A folder's state in one string: it changes whenever the cache gains, loses or re-flags a
 * message. The list compares the stamp it was rendered at with the one after a check of the
 * server, so a change stored by anyone (the IDLE watcher's job, another tab) between the render
 * and the check still reloads the list: the check itself may have found nothing new.
 */
export function folderStamp(folder: Pick<FolderRecord, "uidValidity" | "uidNext" | "highestModseq" | "totalCount" | "unreadCount">): string {
  return [folder.uidValidity, folder.uidNext, folder.highestModseq, folder.totalCount, folder.unreadCount].join(".");
}
