// Rows of a folder: sender, subject and snippet, markers, date. Unread rows stand out.
import Link from "next/link";
import type { MessageSummary } from "@/lib/db/messages";
import { messageHref } from "@/lib/mail/folder-url";
import { ListDate } from "./list-date";
import { PaperclipIcon, StarIcon } from "./icons";

export interface MessageListLabels {
  noSubject: string;
  unknownSender: string;
  attachment: string;
  flagged: string;
  unread: string;
}

/** A row to show; search results carry the folder each message is in. */
type Row = MessageSummary & { folderPath?: string; folderLabel?: string };

export function MessageList({ path, messages, labels }: { path?: string; messages: Row[]; labels: MessageListLabels }) {
  return (
    <ul className="divide-y divide-slate-200 border-y border-slate-200" data-testid="message-list">
      {messages.map((m) => (
        <li key={String(m.id)} className={m.seen ? "bg-slate-50" : "bg-white"}>
          {/* No prefetch: opening a message marks it read, which only a real click should do. */}
          <Link href={messageHref(m.folderPath ?? path ?? "INBOX", m.uid)} prefetch={false} data-unread={!m.seen}
            className="grid grid-cols-[minmax(7rem,14rem)_1fr_auto] items-center gap-3 px-4 py-2.5 text-sm hover:shadow-[inset_0_-1px_0_#cbd5e1,0_1px_3px_rgba(0,0,0,.08)]">
            <span className={`truncate ${m.seen ? "text-slate-700" : "font-bold text-slate-950"}`}>
              {!m.seen && <span className="sr-only">{labels.unread}: </span>}
              {m.fromName || m.fromAddress || labels.unknownSender}
            </span>
            <span className="min-w-0 truncate">
              {m.folderLabel && <span className="mr-2 rounded bg-slate-200 px-1.5 py-0.5 text-xs text-slate-700">{m.folderLabel}</span>}
              <span className={m.seen ? "text-slate-800" : "font-bold text-slate-950"}>{m.subject || labels.noSubject}</span>
              {m.snippet && <span className="text-slate-500"> — {m.snippet}</span>}
            </span>
            <span className="flex items-center gap-2 text-xs text-slate-500">
              {m.hasAttachments && <PaperclipIcon width={15} height={15} aria-label={labels.attachment} aria-hidden={false} role="img" />}
              {m.flagged && <StarIcon width={15} height={15} className="fill-amber-400 text-amber-500" aria-label={labels.flagged} aria-hidden={false} role="img" />}
              <span className={`w-20 text-right tabular-nums ${m.seen ? "" : "font-bold text-slate-900"}`}>
                <ListDate iso={m.receivedAt.toISOString()} />
              </span>
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
