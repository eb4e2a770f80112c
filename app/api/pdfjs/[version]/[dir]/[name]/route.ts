// Serves pdf.js's worker and data files from our own origin, for the PDF preview (lib/pdf).
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { findPdfjsAsset } from "@/lib/pdf/pdfjs-assets";

export async function GET(_request: Request, { params }: { params: Promise<{ version: string; dir: string; name: string }> }) {
  const { version, dir, name } = await params;
  const asset = await findPdfjsAsset(version, dir, name);
  const size = asset && (await stat(asset.file).then((s) => (s.isFile() ? s.size : null), () => null));
  if (!asset || size === null) return new Response("Not found", { status: 404 });
  return new Response(Readable.toWeb(createReadStream(asset.file)) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": asset.contentType,
      "Content-Length": String(size),
      // The version is in the URL: a file at one URL never changes.
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
