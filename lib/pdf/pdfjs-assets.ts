import "server-only";
/**
 * Finds the pdfjs-dist file a browser asks for (worker, CMaps, standard fonts,
 * the JPEG 2000 fallback decoder) in the installed package. Only names that
 * match a folder's own pattern are served: nothing else of node_modules, and
 * no path that could climb out of it.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { PdfjsAssetDir } from "./asset-urls";

export interface PdfjsAsset {
  /** Absolute path of the file. */
  file: string;
  contentType: string;
}

const JS = "text/javascript; charset=utf-8";
const BINARY = "application/octet-stream";

/** Per folder: which file names exist there and what they are. */
const ALLOWED: Record<PdfjsAssetDir, { name: RegExp; type: (name: string) => string }> = {
  build: { name: /^pdf\.worker\.min\.mjs$/, type: () => JS },
  // Adobe's predefined CMaps (Korean, Japanese and Chinese text in fonts that are not embedded).
  cmaps: { name: /^[A-Za-z0-9][A-Za-z0-9_.-]*\.bcmap$/, type: () => BINARY },
  standard_fonts: { name: /^[A-Za-z0-9][A-Za-z0-9_-]*\.(pfb|ttf)$/, type: (n) => (n.endsWith(".ttf") ? "font/ttf" : BINARY) },
  // WebAssembly stays off (see lib/pdf/open-pdf.ts); JPEG 2000 images use this JavaScript decoder instead.
  wasm: { name: /^openjpeg_nowasm_fallback\.js$/, type: () => JS },
};

/** The installed pdfjs-dist. `next start` and the tests run from the repository root. */
const packageDir = () => path.join(process.cwd(), "node_modules", "pdfjs-dist");

let installedVersion: Promise<string | null> | undefined;

/** The version of the installed package (read once). */
export function pdfjsVersion(): Promise<string | null> {
  installedVersion ??= readFile(path.join(packageDir(), "package.json"), "utf8")
    .then((json) => String((JSON.parse(json) as { version?: unknown }).version ?? "") || null)
    .catch(() => null);
  return installedVersion;
}

const isAssetDir = (dir: string): dir is PdfjsAssetDir => Object.hasOwn(ALLOWED, dir);

/**
 * The file for /api/pdfjs/<version>/<dir>/<name>, or null when the request
 * names another version, another folder or a file that is not an asset.
 */
export async function findPdfjsAsset(version: string, dir: string, name: string): Promise<PdfjsAsset | null> {
  if (!isAssetDir(dir)) return null;
  const rule = ALLOWED[dir];
  if (!rule.name.test(name) || name.includes("..")) return null;
  if (version !== (await pdfjsVersion())) return null;
  return { file: path.join(packageDir(), dir, name), contentType: rule.type(name) };
}
