import "server-only";
import { randomUUID } from "node:crypto";
import { smtpLoginFor } from "@/lib/auth/account-credentials";
import type { AccountRecord } from "@/lib/db/accounts";
import { db } from "@/lib/db/database";
import { addCachedKeyword, getMessageDetail, type MessageDetail } from "@/lib/db/message-bodies";
import { localizedError } from "@/lib/i18n/server-errors";
import { addKeywordOnce } from "@/lib/imap/add-keyword";
import { storeFlag } from "@/lib/imap/store-flags";
import { buildMdn } from "@/lib/mdn/build-mdn";
import { parseAddressList } from "@/lib/mime/addresses";
import type { MailAddress } from "@/lib/mime/types";
import { SubmitError, submitMessage } from "@/lib/smtp/send";
import { withAccountImap } from "./account-imap";
import { getFolderOrThrow } from "./get-folder";

/** The IMAP keyword that says "a receipt was sent, or the user said no" (RFC 3503). */
export const MDN_SENT = "$MDNSent";

/**
 * Folders whose messages never prompt: our own mail (Sent, Drafts), and Junk, where a receipt
 * would only confirm to a spammer that the address is read.
 */
const NO_PROMPT_FOLDERS = new Set(["\\Sent", "\\Drafts", "\\Junk"]);

/** A read receipt the reader should ask about. */
export interface ReceiptRequest {
  /** Who asked: the message's sender, as shown. */
  sender: string;
  /** Where the receipt would go (Disposition-Notification-To), when that is not the sender. */
  sendsTo: string | null;
}

/** The account's own addresses (its sign-in address and every identity), lower-cased. */
async function ownIdentities(account: AccountRecord): Promise<MailAddress[]> {
  const prisma = await db();
  const rows = await prisma.identity.findMany({ where: { accountId: account.id }, select: { name: true, email: true, isDefault: true }, orderBy: { isDefault: "desc" } });
  return [...rows.map((r) => ({ name: r.name, address: r.email })), { name: account.displayName ?? "", address: account.email }];
}

const lower = (address: string) => address.trim().toLowerCase();

/**
 * Whether opening this message should ask the user about a read receipt: it asks for one, no
 * client has answered yet ($MDNSent not set), it is not in Sent, Drafts or Junk, and it is not
 * from the user. Null when there is nothing to ask.
 */
export async function readReceiptRequest(account: AccountRecord, specialUse: string | null, message: MessageDetail): Promise<ReceiptRequest | null> {
  const to = message.body?.readReceiptTo;
  if (!to || message.flags.includes(MDN_SENT) || (specialUse && NO_PROMPT_FOLDERS.has(specialUse))) return null;
  const own = new Set((await ownIdentities(account)).map((i) => lower(i.address)));
  if (message.fromAddress && own.has(lower(message.fromAddress))) return null;
  const targets = parseAddressList(to).addresses;
  if (!targets.length) return null;
  const sender = message.fromName || message.fromAddress || to;
  const onlyToSender = targets.length === 1 && lower(targets[0]!.address) === lower(message.fromAddress);
  return { sender, sendsTo: onlyToSender ? null : targets.map((a) => a.address).join(", ") };
}

/** The words of the receipt, in the user's language. */
export interface ReceiptWording {
  subject(original: { subject: string }): string;
  text(original: { subject: string; recipient: string }): string;
}

export interface ReceiptAnswer {
  /** True: send the receipt. False: never send one for this message. */
  send: boolean;
  /** Host name the user reached the app at (the Reporting-UA name). */
  reportingHost: string;
  wording: ReceiptWording;
}

/** "sent", "declined", or "already" when another client (or another tab) had answered first. */
export type ReceiptOutcome = "sent" | "declined" | "already";

/** The identity the message reached: the one among its recipients, else the default one. */
function recipientIdentity(identities: MailAddress[], message: MessageDetail): MailAddress {
  const addressed = new Set([...message.to, ...message.cc].map((a) => lower(a.address)));
  return identities.find((i) => addressed.has(lower(i.address))) ?? identities[0]!;
}

/**
 * Submits the MDN. RFC 5321 section 4.5.5 and RFC 8098 want a null reverse-path (MAIL FROM:<>)
 * so that nothing bounces back about a receipt; some submission servers only accept the
 * signed-in user's address there, so a refused MAIL FROM is tried once more with that address.
 */
async function submitReceipt(account: AccountRecord, to: string[], raw: Buffer): Promise<void> {
  const login = smtpLoginFor(account);
  try {
    await submitMessage(login, { from: "", to }, raw);
  } catch (error) {
    const last = (from: "client" | "server") =>
      error instanceof SubmitError ? ([...error.transcript].reverse().find((l) => l.from === from)?.line ?? "") : "";
    if (!/^MAIL FROM:\s*<>/i.test(last("client")) || !/^[45]\d\d/.test(last("server"))) throw error;
    await submitMessage(login, { from: account.email, to }, raw);
  }
}

/**
 * Answers a message's read-receipt request, once for every client: $MDNSent is set on the server
 * first (so no other client, tab or later visit asks again, and two answers cannot both send),
 * then, on consent, an MDN goes to the Disposition-Notification-To addresses. If sending fails
 * the keyword is taken off again, so the user can still choose later.
 */
export async function answerReadReceipt(account: AccountRecord, path: string, uid: number, answer: ReceiptAnswer): Promise<ReceiptOutcome> {
  const folder = await getFolderOrThrow(account, path);
  const message = await getMessageDetail(folder.id, uid);
  if (!message) throw localizedError("NOT_FOUND", "messageGone");
  // The server's flags decide below whether someone answered already; the cached ones may lag.
  const request = await readReceiptRequest(account, folder.specialUse, { ...message, flags: message.flags.filter((f) => f !== MDN_SENT) });
  if (!request) throw localizedError("INVALID_INPUT", "noReceiptAsked");
  const recipients = parseAddressList(message.body!.readReceiptTo!).addresses;

  const state = await withAccountImap(account, (client) => addKeywordOnce(client, path, uid, MDN_SENT));
  if (state === "gone") throw localizedError("NOT_FOUND", "messageGone");
  if (state === "present") {
    await addCachedKeyword(folder.id, uid, MDN_SENT);
    return "already";
  }
  if (answer.send) {
    const me = recipientIdentity(await ownIdentities(account), message);
    const domain = me.address.split("@")[1] ?? "localhost";
    try {
      const raw = await buildMdn({
        from: me,
        to: recipients,
        finalRecipient: me.address,
        originalMessageId: message.messageId,
        subject: answer.wording.subject({ subject: message.subject }),
        text: answer.wording.text({ subject: message.subject, recipient: me.address }),
        reportingHost: answer.reportingHost,
        messageId: `<${randomUUID()}@${domain}>`,
        date: new Date(),
      });
      await submitReceipt(account, recipients.map((a) => a.address), raw);
    } catch (error) {
      if (state === "added") {
        await withAccountImap(account, (client) => storeFlag(client, path, [uid], MDN_SENT, false)).catch((undo: unknown) =>
          console.error("[maeil] could not take $MDNSent off after a failed receipt:", undo),
        );
      }
      throw error;
    }
  }
  // Kept in the cache too, so the prompt stays away at once (also where the server keeps no keywords).
  await addCachedKeyword(folder.id, uid, MDN_SENT);
  return answer.send ? "sent" : "declined";
}
