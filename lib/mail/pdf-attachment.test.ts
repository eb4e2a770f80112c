import { describe, expect, it } from "vitest";
import { isPdfAttachment } from "./pdf-attachment";

describe("isPdfAttachment", () => {
  it("takes PDF types whatever the name", () => {
    expect(isPdfAttachment({ contentType: "application/pdf", filename: "견적서" })).toBe(true);
    expect(isPdfAttachment({ contentType: "Application/X-PDF", filename: "a.bin" })).toBe(true);
  });

  it("takes a generic binary type only with a .pdf name", () => {
    expect(isPdfAttachment({ contentType: "application/octet-stream", filename: "계약서.PDF" })).toBe(true);
    expect(isPdfAttachment({ contentType: "application/octet-stream", filename: "setup.exe" })).toBe(false);
  });

  it("leaves other types alone even when named .pdf", () => {
    expect(isPdfAttachment({ contentType: "text/html", filename: "invoice.pdf" })).toBe(false);
    expect(isPdfAttachment({ contentType: "image/png", filename: "scan.pdf" })).toBe(false);
  });
});
