import "server-only";
import { deleteDraft, getDraft } from "@/lib/compose/drafts";
import type { AccountRecord } from "@/lib/db/accounts";
import { db, jsonOrNull } from "@/lib/db/database";
import type { StoredFailure } from "@/lib/errors";
import { inEnglish } from "@/lib/i18n/server-errors";
import { expungeMessages } from "@/lib/imap/move-messages";
import { withAccountImap } from "@/lib/mail/account-imap";
import { parseAddressList, formatAddress } from "@/lib/mime/addresses";
import type { RejectedRecipient } from "@/lib/smtp/send";

/** Keeps only the entries of a recipient field whose address is in `keep`. */
function onlyThese(field: string, keep: Set<string>): string {
  return parseAddressList(field).addresses.filter((a) => keep.has(a.address.toLowerCase())).map(formatAddress).join(", ");
}

/**
 * After a send: the draft (and its IMAP copy) is removed. When the server
 * accepted some recipients and refused others, the draft stays instead,
 * addressed only to the refused ones and saying why, so fixing an address
 * and sending again never reaches anyone twice.
 */
export async function finishDraftAfterSend(account: AccountRecord, draftId: string | null, rejected: RejectedRecipient[]): Promise<void> {
  if (!draftId) return;
  if (rejected.length) {
    const draft = await getDraft(account.id, draftId);
    if (!draft) return;
    const keep = new Set(rejected.map((r) => r.address.toLowerCase()));
    const partlyRefused = { key: "partlyRefused", values: { refused: rejected.map((r) => `${r.address}: ${r.reply}`).join("; ") } } as const;
    const prisma = await db();
    await prisma.draft.update({
      where: { id: draftId },
      data: {
        state: "editing",
        toField: onlyThese(draft.to, keep),
        ccField: onlyThese(draft.cc, keep),
        bccField: onlyThese(draft.bcc, keep),
        revision: { increment: 1 },
        lastError: inEnglish(partlyRefused),
        lastErrorLocalized: jsonOrNull([partlyRefused] satisfies StoredFailure),
      },
    });
    return;
  }
  const copy = await deleteDraft(account.id, draftId);
  if (copy) {
    await withAccountImap(account, (client) => expungeMessages(client, copy.folder, [Number(copy.uid)])).catch((error: unknown) =>
      console.error("[maeil] sent, but could not remove the draft's IMAP copy:", error),
    );
  }
}
