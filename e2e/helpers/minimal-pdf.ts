/**
 * Small, valid PDFs built at test time (PDF 1.4, ISO 32000-1 §7.5: header,
 * numbered objects, a cross-reference table with exact byte offsets, trailer).
 * Each page is one big filled rectangle of its own colour with its title in
 * Helvetica (a standard font, not embedded), which lets a test tell the pages
 * apart by their pixels. Korean text uses a font that is not embedded either,
 * with Adobe's predefined UniKS-UCS2-H CMap: pdf.js must fetch that CMap to
 * read it, as it must for much real Korean mail.
 */

export interface PdfPage {
  title: string;
  /** Fill colour, 0–1 per channel. */
  rgb: [number, number, number];
  /** A line of Korean (or any BMP) text under the title, in the Korean font. */
  korean?: string;
  /** Link annotations on this page: a URI, or an action that must never run. */
  links?: { rect: [number, number, number, number]; uri?: string; javascript?: string }[];
}

const pdfString = (text: string) => `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;

/** A PDF of the given pages; `openActionJavaScript` adds a document-open script (pdf.js must not run it). */
export function minimalPdf(pages: PdfPage[], options: { openActionJavaScript?: string } = {}): Buffer {
  // Objects 1-3: catalog, page tree, font; then per page: page, contents, and its link annotations.
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  const catalog = add("");
  const tree = add("");
  const font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  const descriptor = add(
    "<< /Type /FontDescriptor /FontName /HYSMyeongJo-Medium /Flags 6 /FontBBox [-100 -142 1100 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 720 /StemV 60 >>",
  );
  const cidFont = add(
    `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HYSMyeongJo-Medium /CIDSystemInfo << /Registry (Adobe) /Ordering (Korea1) /Supplement 1 >> /FontDescriptor ${descriptor} 0 R /DW 1000 >>`,
  );
  const korean = add(`<< /Type /Font /Subtype /Type0 /BaseFont /HYSMyeongJo-Medium /Encoding /UniKS-UCS2-H /DescendantFonts [${cidFont} 0 R] >>`);
  const kids: number[] = [];
  for (const page of pages) {
    const [r, g, b] = page.rgb;
    // UniKS-UCS2-H codes are UTF-16 code units, big-endian.
    const ucs2 = (text: string) => [...text].map((c) => c.charCodeAt(0).toString(16).padStart(4, "0")).join("");
    const content =
      `${r} ${g} ${b} rg 36 120 540 520 re f\nBT /F1 40 Tf 0 0 0 rg 72 700 Td ${pdfString(page.title)} Tj ET\n` +
      (page.korean ? `BT /F2 28 Tf 0 0 0 rg 72 660 Td <${ucs2(page.korean)}> Tj ET\n` : "");
    const contents = add(`<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}endstream`);
    const annots = (page.links ?? []).map((link) => {
      const action = link.uri ? `<< /S /URI /URI ${pdfString(link.uri)} >>` : `<< /S /JavaScript /JS ${pdfString(link.javascript ?? "")} >>`;
      return add(`<< /Type /Annot /Subtype /Link /Rect [${link.rect.join(" ")}] /Border [0 0 0] /A ${action} >>`);
    });
    kids.push(add(
      `<< /Type /Page /Parent ${tree} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 ${font} 0 R /F2 ${korean} 0 R >> >> /Contents ${contents} 0 R` +
        (annots.length ? ` /Annots [${annots.map((n) => `${n} 0 R`).join(" ")}]` : "") + " >>",
    ));
  }
  const openAction = options.openActionJavaScript
    ? ` /OpenAction ${add(`<< /S /JavaScript /JS ${pdfString(options.openActionJavaScript)} >>`)} 0 R`
    : "";
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${tree} 0 R${openAction} >>`;
  objects[tree - 1] = `<< /Type /Pages /Kids [${kids.map((n) => `${n} 0 R`).join(" ")}] /Count ${kids.length} >>`;

  let out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets = objects.map((body, i) => {
    const offset = Buffer.byteLength(out, "latin1");
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = Buffer.byteLength(out, "latin1");
  // Each cross-reference entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, CR LF.
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n`;
  out += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n\r\n`).join("");
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}
