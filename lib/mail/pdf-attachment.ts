/**
 * Whether an attachment is a PDF the reader can preview. Many mailers send
 * PDFs as application/octet-stream (or x-pdf), so a ".pdf" name counts too;
 * pdf.js itself then says whether the bytes really are one.
 */
const PDF_TYPES = new Set(["application/pdf", "application/x-pdf", "application/acrobat", "applications/vnd.pdf", "text/pdf"]);
const GENERIC_TYPES = new Set(["application/octet-stream", "application/binary", "application/download", "application/force-download"]);

export function isPdfAttachment(attachment: { contentType: string; filename: string }): boolean {
  const type = attachment.contentType.toLowerCase();
  if (PDF_TYPES.has(type)) return true;
  return GENERIC_TYPES.has(type) && /\.pdf$/i.test(attachment.filename.trim());
}
