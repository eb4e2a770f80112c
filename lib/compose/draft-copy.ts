import "server-only";
import { getAccountById } from "@/lib/db/accounts";
import { db } from "@/lib/db/database";
import { appendMessage } from "@/lib/imap/append-message";
import { expungeMessages } from "@/lib/imap/move-messages";
import { withAccountImap } from "@/lib/mail/account-imap";
import { specialFolder } from "@/lib/outbox/special-folder";
import { buildMessage } from "./build-message";
import { getDraft, getDraftImapCopy, setDraftImapCopy } from "./drafts";

/**
 * Brings the IMAP Drafts folder up to the draft's latest saved revision:
 * appends the new copy (\Draft), then removes the one it replaces, so other
 * mail clients see the draft too and exactly one copy of it. Runs as a job
 * a few seconds after a save, so a burst of saves makes one APPEND.
 */
export async function saveDraftCopy(draftId: string): Promise<void> {
  const copy = await getDraftImapCopy(draftId);
  if (!copy || copy.revision <= copy.imapRevision) return;
  const draftRow = await getDraftAccount(draftId);
  if (!draftRow) return;
  const { account, draft } = draftRow;
  if (draft.state !== "editing") return;
  const folder = await specialFolder(account, "\\Drafts");
  if (!folder) return;
  const built = await buildMessage(account, draft, { forDraftCopy: true });
  const uid = await withAccountImap(account, (client) => appendMessage(client, folder.path, built.sentCopy, ["\\Draft", "\\Seen"]));
  await setDraftImapCopy(draftId, draft.revision, folder.path, uid === null ? null : BigInt(uid));
  const stale: { folder: string; uid: bigint }[] = [];
  if (copy.folder && copy.uid !== null) stale.push({ folder: copy.folder, uid: copy.uid });
  // Sent or discarded while we were appending: the new copy must go too.
  if (!(await getDraftImapCopy(draftId)) && uid !== null) stale.push({ folder: folder.path, uid: BigInt(uid) });
  for (const old of stale) {
    await withAccountImap(account, (client) => expungeMessages(client, old.folder, [Number(old.uid)]));
  }
}

async function getDraftAccount(draftId: string) {
  const prisma = await db();
  const row = await prisma.draft.findUnique({ where: { id: draftId }, select: { accountId: true } });
  if (!row) return null;
  const [account, draft] = await Promise.all([getAccountById(row.accountId), getDraft(row.accountId, draftId)]);
  return account && draft ? { account, draft } : null;
}
