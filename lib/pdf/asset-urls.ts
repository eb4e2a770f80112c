/**
 * Where the browser loads pdf.js's own files from: our origin only (the app's
 * CSP allows no other), under the version of pdf.js that asks for them, so a
 * cached worker never meets a newer library (pdf.js refuses a version mismatch).
 * app/api/pdfjs serves them from the installed pdfjs-dist package.
 */
export const PDFJS_ASSET_PATH = "/api/pdfjs";

/** The folders of pdfjs-dist that the viewer needs, and nothing else of the package. */
export type PdfjsAssetDir = "build" | "cmaps" | "standard_fonts" | "wasm";

/** Base URL of one asset folder, with the trailing slash pdf.js requires. */
export function pdfjsAssetBase(version: string, dir: PdfjsAssetDir): string {
  return `${PDFJS_ASSET_PATH}/${encodeURIComponent(version)}/${dir}/`;
}
