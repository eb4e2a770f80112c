import "server-only";
import { simpleParser, type AddressObject } from "mailparser";
import type { AccountRecord } from "@/lib/db/accounts";
import { db } from "@/lib/db/database";
import { getMessageLocation } from "@/lib/db/message-bodies";
import { localizedError } from "@/lib/i18n/server-errors";
import { fetchSource } from "@/lib/imap/fetch-source";
import { withAccountImap } from "@/lib/mail/account-imap";
import { formatAddress } from "@/lib/mime/addresses";
import { copyAttachmentBytes, newContentId } from "./attachment-store";
import { createDraft, getDraft } from "./drafts";
import { attachmentUrl } from "./inline-image-url";
import { sanitizeOutgoingHtml } from "./outgoing-html";

const addressField = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((a) => a.value)
    .filter((a) => a.address)
    .map((a) => formatAddress({ name: a.name ?? "", address: a.address! }))
    .join(", ");

/**
 * "Edit" on a message of the Drafts folder. One of ours (X-Maeil-Draft) opens
 * its saved draft; one written elsewhere becomes a draft here, and that IMAP
 * message is the copy the next save replaces, so it is never duplicated.
 */
export async function openImapDraft(account: AccountRecord, messageId: bigint): Promise<string> {
  const location = await getMessageLocation(account.id, messageId);
  if (!location) throw localizedError("NOT_FOUND", "serverDraftGone");
  const source = await withAccountImap(account, (client) => fetchSource(client, location.path, location.uid));
  if (!source) throw localizedError("NOT_FOUND", "serverDraftGone");
  // cid: links kept as they are (mailparser would inline the images as data: URLs, which
  // outgoing HTML never carries): they are matched to the parts below.
  const parsed = await simpleParser(source, { keepCidLinks: true });
  const ours = parsed.headers.get("x-maeil-draft");
  if (typeof ours === "string") {
    const existing = await getDraft(account.id, ours.trim());
    if (existing?.state === "editing") return existing.id;
  }
  const references = Array.isArray(parsed.references) ? parsed.references : parsed.references ? [parsed.references] : [];
  const draft = await createDraft(account.id, {
    to: addressField(parsed.to),
    cc: addressField(parsed.cc),
    bcc: addressField(parsed.bcc),
    subject: parsed.subject ?? "",
    format: parsed.html ? "html" : "text",
    bodyHtml: "",
    bodyText: parsed.text ?? "",
    inReplyTo: parsed.inReplyTo ?? "",
    references: references.join(" "),
  });
  let bodyHtml = parsed.html ? sanitizeOutgoingHtml(parsed.html) : "";
  for (const a of parsed.attachments) {
    // An image the body shows (cid:, usually inside multipart/related) is stored like one pasted
    // here, under a Content-ID of ours, and the body points at it the way the editor expects.
    const shown = a.cid ? cidSource(a.cid) : null;
    if (shown && bodyHtml.search(shown) >= 0) {
      const image = await copyAttachmentBytes(draft.id, { filename: a.filename ?? "image", contentType: a.contentType, contentId: newContentId() }, a.content);
      bodyHtml = bodyHtml.replace(shown, (_whole, start: string) => `${start}"${attachmentUrl(draft.id, image.id)}"`);
      continue;
    }
    // A related part the body does not show has nothing to be attached to.
    if (a.related) continue;
    await copyAttachmentBytes(draft.id, { filename: a.filename ?? "attachment", contentType: a.contentType }, a.content);
  }
  const prisma = await db();
  await prisma.draft.update({
    where: { id: draft.id },
    data: { bodyHtml, imapFolder: location.path, imapUid: BigInt(location.uid) },
  });
  return draft.id;
}

/** Every <img src="cid:…"> naming this Content-ID, as sanitize-html writes it (double quotes, & as &amp;). */
function cidSource(cid: string): RegExp {
  const escaped = cid.replace(/&/g, "&amp;").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(<img\\b[^>]*?\\bsrc=)"cid:${escaped}"`, "gi");
}
