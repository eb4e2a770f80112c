import { describe, expect, it } from "vitest";
import { findPdfjsAsset, pdfjsVersion } from "./pdfjs-assets";

describe("findPdfjsAsset", () => {
  it("serves the worker, CMaps and fonts of the installed version", async () => {
    const version = (await pdfjsVersion())!;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(await findPdfjsAsset(version, "build", "pdf.worker.min.mjs")).toMatchObject({ contentType: "text/javascript; charset=utf-8" });
    expect((await findPdfjsAsset(version, "cmaps", "UniKS-UCS2-H.bcmap"))?.file).toMatch(/pdfjs-dist[/\\]cmaps[/\\]UniKS-UCS2-H\.bcmap$/);
    expect(await findPdfjsAsset(version, "standard_fonts", "LiberationSans-Regular.ttf")).toMatchObject({ contentType: "font/ttf" });
  });

  it("refuses another version, other folders and other files", async () => {
    const version = (await pdfjsVersion())!;
    const refused = [
      ["0.0.1", "build", "pdf.worker.min.mjs"],
      [version, "build", "pdf.mjs"],
      [version, "..", "package.json"],
      [version, "cmaps", "..%2Fpackage.json"],
      [version, "cmaps", "../package.json"],
      [version, "cmaps", ".hidden.bcmap"],
      [version, "standard_fonts", "LICENSE_FOXIT"],
      [version, "wasm", "openjpeg.wasm"],
      [version, "constructor", "x"],
      [version, "__proto__", "x"],
    ];
    for (const [v, dir, name] of refused) expect(await findPdfjsAsset(v!, dir!, name!)).toBeNull();
  });
});
