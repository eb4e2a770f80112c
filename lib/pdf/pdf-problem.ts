/**
 * Why a PDF could not be shown, in terms the reader can act on. pdf.js names
 * its errors (PasswordException, InvalidPDFException, ...); fetching the file
 * ourselves gives the server's status and its own message.
 */
export type PdfProblem =
  | { kind: "password" }
  | { kind: "invalid"; detail: string }
  | { kind: "http"; status: number; detail: string }
  | { kind: "network"; detail: string }
  | { kind: "other"; detail: string };

/** Thrown by fetchPdf when the server answers with an error. */
export class PdfHttpError extends Error {
  constructor(readonly status: number, detail: string) {
    super(detail);
    this.name = "PdfHttpError";
  }
}

const nameOf = (error: unknown) => (typeof error === "object" && error !== null && "name" in error ? String(error.name) : "");
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 300);

export function pdfProblemOf(error: unknown): PdfProblem {
  if (error instanceof PdfHttpError) return { kind: "http", status: error.status, detail: error.message };
  switch (nameOf(error)) {
    case "PasswordException":
      return { kind: "password" };
    // Not a PDF at all, or one so damaged that pdf.js finds no pages.
    case "InvalidPDFException":
    case "FormatError":
      return { kind: "invalid", detail: messageOf(error) };
    // fetch() itself failed: offline, or the connection dropped mid-file.
    case "TypeError":
      return { kind: "network", detail: messageOf(error) };
    default:
      return { kind: "other", detail: messageOf(error) };
  }
}
