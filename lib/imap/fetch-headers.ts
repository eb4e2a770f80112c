import "server-only";
import type { FetchMessageObject, ImapFlow, MessageAddressObject, MessageStructureObject } from "imapflow";

/**
 * What a list row needs, all of it from the envelope and the index: the
 * first pass of a sync, which never asks for BODYSTRUCTURE.
 */
export interface RemoteListRow {
  uid: number;
  flags: string[];
  size: number;
  receivedAt: Date;
  sentAt: Date | null;
  messageId: string | null;
  inReplyTo: string | null;
  subject: string;
  from: { name: string; address: string } | null;
  to: { name: string; address: string }[];
  cc: { name: string; address: string }[];
}

/** What BODYSTRUCTURE and the first bytes of the text add to a row: the second pass. */
export interface RemoteDetails {
  uid: number;
  hasAttachments: boolean;
  /** The part to take the snippet from, located in BODYSTRUCTURE. */
  textPart: TextPartRef | null;
  /** The first bytes of part 1, fetched with the structure: the text part of most messages. */
  partOneHead: Buffer | null;
}

/** Both at once, for a few new messages whose rows should be complete at once. */
export type RemoteHeader = RemoteListRow & RemoteDetails;

/** Where a message's readable text is, and how it is encoded. */
export interface TextPartRef {
  part: string;
  html: boolean;
  charset: string;
  encoding: string;
}

/**
 * A message's flags as we keep them: without \Recent, which belongs to one
 * IMAP session (RFC 3501 2.3.2) and would flip between syncs.
 */
const keptFlags = (flags: Set<string> | undefined) => [...(flags ?? [])].filter((f) => f !== "\\Recent");

/**
 * Header text as we store it: without control characters (U+0000 cannot be
 * stored in PostgreSQL at all) and without bidirectional overrides, which
 * let a sender make "invoice\u202Efdp.exe" read as "invoiceexe.pdf".
 */
export const cleanHeaderText = (value: string | undefined) =>
  (value ?? "").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, "");

const addresses = (list?: MessageAddressObject[]) =>
  (list ?? [])
    .filter((a) => a.address || a.name)
    .map((a) => ({ name: cleanHeaderText(a.name), address: cleanHeaderText(a.address) }));

const toDate = (value: Date | string | undefined): Date | null => {
  if (!value) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** True for a leaf a user would call an attachment (RFC 2183 disposition, or a non-text part outside multipart/related). */
function hasAttachment(node: MessageStructureObject, insideRelated = false): boolean {
  if (node.childNodes?.length) {
    const related = node.type === "multipart/related";
    return node.childNodes.some((child) => hasAttachment(child, insideRelated || related));
  }
  if (node.disposition === "attachment") return true;
  if (node.type === "message/rfc822") return true;
  return !node.type.startsWith("text/") && !node.type.startsWith("multipart/") && !insideRelated;
}

/** The first text/plain part that is not an attachment, else the first text/html one. */
export function findTextPart(root: MessageStructureObject | undefined): TextPartRef | null {
  if (!root) return null;
  const leaves: MessageStructureObject[] = [];
  const walk = (node: MessageStructureObject) => {
    if (node.childNodes?.length) node.childNodes.forEach(walk);
    else if (node.disposition !== "attachment") leaves.push(node);
  };
  walk(root);
  const pick = leaves.find((n) => n.type === "text/plain") ?? leaves.find((n) => n.type === "text/html");
  if (!pick) return null;
  return {
    // A single-part message has no part number; IMAP calls its body part "1" (RFC 3501 6.4.5).
    part: pick.part ?? "1",
    html: pick.type === "text/html",
    charset: pick.parameters?.charset ?? "us-ascii",
    encoding: (pick.encoding ?? "7bit").toLowerCase(),
  };
}

function toListRow(message: FetchMessageObject): RemoteListRow {
  const envelope = message.envelope ?? {};
  const from = addresses(envelope.from)[0] ?? null;
  return {
    uid: message.uid,
    flags: keptFlags(message.flags),
    size: message.size ?? 0,
    receivedAt: toDate(message.internalDate) ?? toDate(envelope.date) ?? new Date(0),
    sentAt: toDate(envelope.date),
    messageId: envelope.messageId ? cleanHeaderText(envelope.messageId) : null,
    inReplyTo: envelope.inReplyTo ? cleanHeaderText(envelope.inReplyTo) : null,
    subject: cleanHeaderText(envelope.subject),
    from,
    to: addresses(envelope.to),
    cc: addresses(envelope.cc),
  };
}

function toDetails(message: FetchMessageObject): RemoteDetails {
  return {
    uid: message.uid,
    hasAttachments: message.bodyStructure ? hasAttachment(message.bodyStructure) : false,
    textPart: findTextPart(message.bodyStructure),
    partOneHead: message.bodyParts ? ([...message.bodyParts.values()][0] ?? null) : null,
  };
}

// Part 1 is the text of most mail (single-part, or the first of an
// alternative): asking for it with the structure saves a second FETCH per batch.
const partOne = (snippetBytes: number) => (snippetBytes ? { bodyParts: [{ key: "1", start: 0, maxLength: snippetBytes }] } : {});

/**
 * Streams the list rows and details of the given UIDs (an IMAP sequence set
 * like "120:*", or with `bySequence` message sequence numbers) in the open
 * mailbox, with the first `snippetBytes` of part 1 if asked. Yields one at a
 * time so callers can write in batches without holding a whole mailbox in memory.
 */
export async function* fetchHeaders(
  client: ImapFlow,
  range: string,
  snippetBytes = 0,
  options: { bySequence?: boolean } = {},
): AsyncGenerator<RemoteHeader> {
  for await (const message of client.fetch(
    range,
    { uid: true, flags: true, size: true, internalDate: true, envelope: true, bodyStructure: true, ...partOne(snippetBytes) },
    { uid: !options.bySequence },
  )) {
    yield { ...toListRow(message), ...toDetails(message) };
  }
}

/**
 * Streams list rows only (no BODYSTRUCTURE, which costs the server as much
 * again), `batch` at a time (one await per batch rather than per message is
 * measurable over a 100,000-message first sync). `range` is a UID set, or
 * with `bySequence` a range of message sequence numbers: a first sync walks
 * the mailbox by those, newest first, without listing every UID beforehand.
 */
export async function* fetchListRows(
  client: ImapFlow,
  range: string,
  options: { bySequence?: boolean; batch: number },
): AsyncGenerator<RemoteListRow[]> {
  let rows: RemoteListRow[] = [];
  for await (const message of client.fetch(
    range,
    { uid: true, flags: true, size: true, internalDate: true, envelope: true },
    { uid: !options.bySequence },
  )) {
    rows.push(toListRow(message));
    if (rows.length === options.batch) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length) yield rows;
}

/** Structure and the first `snippetBytes` of part 1 of the given UIDs: a sync's second pass. */
export async function fetchDetails(client: ImapFlow, uids: number[], snippetBytes: number): Promise<RemoteDetails[]> {
  const details: RemoteDetails[] = [];
  if (!uids.length) return details;
  for await (const message of client.fetch(uids.join(","), { uid: true, bodyStructure: true, ...partOne(snippetBytes) }, { uid: true })) {
    details.push(toDetails(message));
  }
  return details;
}

/** UID and flags of the messages in a range of sequence numbers ("401:500"), in the open mailbox. */
export async function fetchFlagsBySequence(client: ImapFlow, range: string): Promise<{ uid: number; flags: string[] }[]> {
  const result: { uid: number; flags: string[] }[] = [];
  for await (const message of client.fetch(range, { uid: true, flags: true })) {
    result.push({ uid: message.uid, flags: keptFlags(message.flags) });
  }
  return result;
}

/** UID -> flags of the messages whose MODSEQ is above `modseq` (CONDSTORE CHANGEDSINCE, RFC 7162 3.1.4). */
export async function fetchChangedFlags(client: ImapFlow, modseq: bigint): Promise<Map<number, string[]>> {
  const flags = new Map<number, string[]>();
  if (!client.mailbox || client.mailbox.exists === 0) return flags;
  for await (const message of client.fetch("1:*", { uid: true, flags: true }, { uid: true, changedSince: modseq })) {
    flags.set(message.uid, keptFlags(message.flags));
  }
  return flags;
}

/**
 * The first `maxLength` bytes of one part for each message, for snippets:
 * messages are grouped by part number because one FETCH names one set of parts.
 */
export async function fetchPartHeads(
  client: ImapFlow,
  wanted: { uid: number; part: string }[],
  maxLength: number,
): Promise<Map<number, Buffer>> {
  const byPart = new Map<string, number[]>();
  for (const { uid, part } of wanted) byPart.set(part, [...(byPart.get(part) ?? []), uid]);
  const result = new Map<number, Buffer>();
  for (const [part, uids] of byPart) {
    for await (const message of client.fetch(
      uids.join(","),
      { uid: true, bodyParts: [{ key: part, start: 0, maxLength }] },
      { uid: true },
    )) {
      const bytes = message.bodyParts ? [...message.bodyParts.values()][0] : undefined;
      if (bytes) result.set(message.uid, bytes);
    }
  }
  return result;
}
