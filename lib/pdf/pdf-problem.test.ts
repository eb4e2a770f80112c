import { describe, expect, it } from "vitest";
import { PdfHttpError, pdfProblemOf } from "./pdf-problem";

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

describe("pdfProblemOf", () => {
  it("keeps the server's status and message", () => {
    expect(pdfProblemOf(new PdfHttpError(502, "The IMAP server could not send this part"))).toEqual({
      kind: "http", status: 502, detail: "The IMAP server could not send this part",
    });
  });

  it("tells a password-protected file from a damaged one", () => {
    expect(pdfProblemOf(named("PasswordException", "No password given"))).toEqual({ kind: "password" });
    expect(pdfProblemOf(named("InvalidPDFException", "Invalid PDF structure."))).toEqual({ kind: "invalid", detail: "Invalid PDF structure." });
  });

  it("reports a failed download and anything else with its message", () => {
    expect(pdfProblemOf(new TypeError("Failed to fetch"))).toEqual({ kind: "network", detail: "Failed to fetch" });
    expect(pdfProblemOf(named("UnknownErrorException", "boom"))).toEqual({ kind: "other", detail: "boom" });
    expect(pdfProblemOf("odd")).toEqual({ kind: "other", detail: "odd" });
  });
});
