// One row of a message list: sender, subject and snippet, markers, date. Unread rows stand out.
// Bare elements styled by the list (message-list.module.css) and a plain <a> (the list handles
// clicks for all rows at once): a row costs a few elements of HTML and no component boundary.
import { memo } from "react";
import type { ListRow } from "@/lib/mail/list-messages";
import { formatFullDate, formatListDate } from "@/lib/i18n/relative-date";
import { PaperclipIcon, StarIcon } from "./icons";

export interface MessageListLabels {
  noSubject: string;
  unknownSender: string;
  attachment: string;
  flagged: string;
  unread: string;
}

/** What dates are shown against: null until the browser (which knows the reader's time zone) has rendered. */
export interface ListClock {
  now: number;
  locale: string;
  words: { now: string; yesterday: string };
}

interface Props {
  row: ListRow;
  href: string;
  index: number;
  /** 1-based position in the whole folder, and the folder's size, for screen readers. */
  position: number;
  setSize: number | undefined;
  labels: MessageListLabels;
  clock: ListClock | null;
  measure: (node: HTMLLIElement | null) => void;
}

export const MessageRow = memo(function MessageRow({ row, href, index, position, setSize, labels, clock, measure }: Props) {
  const date = new Date(row.at);
  const from = row.from || labels.unknownSender;
  return (
    <li ref={measure} data-index={index} aria-posinset={position} aria-setsize={setSize}>
      <a href={href} data-unread={!row.seen}>
        {row.seen ? <span>{from}</span> : <span><span className="sr-only">{`${labels.unread}: `}</span>{from}</span>}
        <span>
          {row.folderLabel && <small>{row.folderLabel}</small>}
          {row.subject || labels.noSubject}
          {row.snippet && <span>{` — ${row.snippet}`}</span>}
        </span>
        {row.attachment && <PaperclipIcon width={15} height={15} className="text-slate-500" aria-label={labels.attachment} aria-hidden={false} role="img" />}
        {row.flagged && <StarIcon width={15} height={15} className="fill-amber-400 text-amber-500" aria-label={labels.flagged} aria-hidden={false} role="img" />}
        {/* The server does not know the reader's time zone: the text comes once the browser renders. */}
        <time dateTime={date.toISOString()} title={clock ? formatFullDate(date, { locale: clock.locale }) : undefined}>
          {clock ? formatListDate(date, new Date(clock.now), { locale: clock.locale, words: clock.words }) : "\u00a0"}
        </time>
      </a>
    </li>
  );
});
