import "server-only";
import { randomUUID } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer";
import { smtpLoginFor } from "@/lib/auth/account-credentials";
import type { AccountRecord } from "@/lib/db/accounts";
import { getSpecialFolder, listFolders } from "@/lib/db/folders";
import { AppError } from "@/lib/errors";
import { appendMessage } from "@/lib/imap/append-message";
import { formatAddress, parseAddressList } from "@/lib/mime/addresses";
import type { MailAddress } from "@/lib/mime/parse-message";
import { submitMessage } from "@/lib/smtp/send";
import { withAccountImap } from "./account-imap";
import type { ComposeInput } from "./compose-input";
import { syncFolderList } from "./sync-mail";
import { markAnswered } from "./set-flag";

export interface SendResult {
  messageId: string;
  accepted: string[];
  rejected: { address: string; reply: string }[];
  /** Folder the copy was saved to, or null when the account has no Sent folder. */
  sentFolder: string | null;
}

type Field = "to" | "cc" | "bcc";

/** Parses the three recipient fields, collecting a precise error for each bad address. */
export function parseRecipients(input: Pick<ComposeInput, Field>): { lists: Record<Field, MailAddress[]>; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const lists = {} as Record<Field, MailAddress[]>;
  for (const field of ["to", "cc", "bcc"] as const) {
    const { addresses, invalid } = parseAddressList(input[field]);
    lists[field] = addresses;
    if (invalid.length) errors[field] = invalid.map((bad) => `"${bad}" is not a valid email address.`);
  }
  if (!errors.to && !lists.to.length && !lists.cc.length && !lists.bcc.length) {
    errors.to = ["Add at least one recipient."];
  }
  return { lists, errors };
}

/**
 * Sends a message as the account: built once (so the recipients' copy and the
 * Sent copy carry the same Message-ID and Date), submitted over SMTP with the
 * user's own credentials, then appended to Sent as read.
 */
export async function sendMessage(account: AccountRecord, input: ComposeInput): Promise<SendResult> {
  const { lists, errors } = parseRecipients(input);
  if (Object.keys(errors).length) throw new AppError("INVALID_INPUT", "Some addresses need fixing.", { fieldErrors: errors });

  const domain = account.email.split("@")[1] ?? "localhost";
  const messageId = `<${randomUUID()}@${domain}>`;
  const mail = {
    from: { name: account.displayName ?? "", address: account.email },
    to: lists.to.map(formatAddress),
    cc: lists.cc.map(formatAddress),
    bcc: lists.bcc.map(formatAddress),
    subject: input.subject,
    text: input.body,
    messageId,
    inReplyTo: input.inReplyTo.trim() || undefined,
    references: input.references.trim().split(/\s+/).filter(Boolean),
    date: new Date(),
    headers: { "User-Agent": "maeil" },
  };
  // The wire copy must not reveal Bcc; the sender's own copy keeps it, as other clients do.
  const wire = await new MailComposer(mail).compile().build();
  const keepNode = new MailComposer(mail).compile();
  keepNode.keepBcc = true;
  const keep = await keepNode.build();
  const envelope = {
    from: account.email,
    to: [...lists.to, ...lists.cc, ...lists.bcc].map((a) => a.address),
  };

  const submitted = await submitMessage(smtpLoginFor(account), envelope, wire);
  // Sent may be asked for before any page listed the folders.
  if ((await listFolders(account.id)).length === 0) await syncFolderList(account);
  const sent = await getSpecialFolder(account.id, "\\Sent");
  if (sent) {
    try {
      await withAccountImap(account, (client) => appendMessage(client, sent.path, keep, ["\\Seen"]));
    } catch (error) {
      // The mail is already on its way; failing here would invite a second send.
      console.error("[maeil] sent, but could not save to Sent:", error);
    }
  }
  if (input.original !== undefined) {
    // Replied-to messages carry \Answered (RFC 3501), which other clients show too.
    await markAnswered(account, BigInt(input.original)).catch((error: unknown) => console.error("[maeil] could not mark answered:", error));
  }
  return { messageId, accepted: submitted.accepted, rejected: submitted.rejected, sentFolder: sent?.path ?? null };
}
