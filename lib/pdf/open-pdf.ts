/**
 * Loading a PDF attachment for the in-page preview (browser only; imported
 * by the viewer chunk, which loads when the reader asks for a preview).
 *
 * pdf.js is configured so that a hostile PDF runs nothing: no eval (glyphs
 * are drawn by the interpreter, never compiled with Function(): the class of
 * CVE-2024-4367), no XFA forms, no scripting (that lives in pdf.js's viewer,
 * which we do not use), no WebAssembly (the app CSP has no
 * 'wasm-unsafe-eval'; pdf.js falls back to its JavaScript decoders), and its
 * worker and data files come from our own origin (app/api/pdfjs).
 */
import { getDocument, GlobalWorkerOptions, VerbosityLevel, version, type PDFDocumentLoadingTask } from "pdfjs-dist";
import { pdfjsAssetBase } from "./asset-urls";
import { PdfHttpError } from "./pdf-problem";

/** Images above this many pixels are skipped: a decompression bomb, not a document (a 600 dpi A4 scan is 35 M). */
const MAX_IMAGE_PIXELS = 2 ** 26;

export interface FetchPdfOptions {
  signal: AbortSignal;
  /** The attachment's decoded size, for progress when the server does not say. */
  expectedSize?: number;
  onProgress?: (loaded: number, total: number | null) => void;
}

/**
 * Downloads the file with the session cookie (the attachment route streams it
 * from IMAP: the server never holds it whole). An error answer becomes a
 * PdfHttpError carrying the server's own message.
 */
export async function fetchPdf(url: string, options: FetchPdfOptions): Promise<Uint8Array> {
  const response = await fetch(url, { signal: options.signal, credentials: "same-origin" });
  if (!response.ok) {
    const detail = (await response.text().catch(() => "")).trim().slice(0, 300);
    throw new PdfHttpError(response.status, detail || response.statusText);
  }
  const announced = Number(response.headers.get("X-Attachment-Size"));
  const total = announced > 0 ? announced : options.expectedSize && options.expectedSize > 0 ? options.expectedSize : null;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  // Written into one buffer of the announced size, so a 50 MB file is not held twice.
  let buffer = new Uint8Array(total ?? 1024 * 1024);
  let loaded = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.byteLength > buffer.byteLength) {
      const grown = new Uint8Array(Math.max(buffer.byteLength * 2, loaded + value.byteLength));
      grown.set(buffer.subarray(0, loaded));
      buffer = grown;
    }
    buffer.set(value, loaded);
    loaded += value.byteLength;
    options.onProgress?.(loaded, total);
  }
  // pdf.js takes a Uint8Array that spans its whole buffer as is, and copies any other.
  return loaded === buffer.byteLength ? buffer : buffer.slice(0, loaded);
}

/** Opens downloaded PDF bytes in a pdf.js worker of its own (destroy the task to end it). */
export function openPdf(data: Uint8Array): PDFDocumentLoadingTask {
  GlobalWorkerOptions.workerSrc = `${pdfjsAssetBase(version, "build")}pdf.worker.min.mjs`;
  return getDocument({
    data,
    isEvalSupported: false,
    enableXfa: false,
    useWasm: false,
    cMapUrl: pdfjsAssetBase(version, "cmaps"),
    cMapPacked: true,
    standardFontDataUrl: pdfjsAssetBase(version, "standard_fonts"),
    wasmUrl: pdfjsAssetBase(version, "wasm"),
    maxImageSize: MAX_IMAGE_PIXELS,
    // pdf.js's warnings about odd files are not the reader's concern; errors still reject.
    verbosity: VerbosityLevel.ERRORS,
  });
}
