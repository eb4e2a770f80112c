// Page sizes of folder lists, shared by the server (lib/mail/list-messages.ts, the list route)
// and the browser's list (app/ui/use-older-rows.ts): no server-only imports here.

/** Rows per page: what the server renders first and what each scroll fetches. */
export const PAGE_SIZE = 50;
/** The most rows one request may ask for: the rows a scrolled list re-reads after a change. */
export const MAX_ROWS = 500;
