/**
 * Which rendering of a message body the reader shows: the formatted HTML, or
 * the plain text ("?view=text" in the reader's URL, so it survives a reload).
 * The text is the message's own text/plain alternative (multipart/alternative)
 * or, for HTML-only mail, the text lib/mime derives from the HTML.
 */
export type BodyView = "html" | "text";

/** The query parameter and its value that ask for the plain text. */
export const BODY_VIEW_PARAM = "view";
const TEXT_VIEW = "text";

type Body = { html: string | null; text: string } | null | undefined;

/** A choice exists only when there is both HTML and some text to show instead. */
export function canChooseBodyView(body: Body): boolean {
  return Boolean(body?.html && body.text.trim());
}

/** The view to show for a `?view=` value (missing, repeated or unknown: the formatted one). */
export function chooseBodyView(requested: string | string[] | undefined, body: Body): BodyView {
  if (!body?.html) return "text";
  return requested === TEXT_VIEW && canChooseBodyView(body) ? "text" : "html";
}

/** The reader's URL showing `view` (the formatted view is the plain URL). */
export function bodyViewHref(messageHref: string, view: BodyView): string {
  return view === "text" ? `${messageHref}?${BODY_VIEW_PARAM}=${TEXT_VIEW}` : messageHref;
}
