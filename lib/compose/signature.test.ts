import { describe, expect, it } from "vitest";
import { swapSignature, withSignature } from "./signature";

describe("signatures in the body", () => {
  it("goes below the writing space and above a quoted original", () => {
    expect(withSignature("<p></p><blockquote><p>old</p></blockquote>", "<p>Kim</p>")).toBe("<p></p><p>-- </p><p>Kim</p><blockquote><p>old</p></blockquote>");
    expect(withSignature("", "")).toBe("<p></p>");
  });

  it("swaps an unchanged signature for the new identity's, and leaves an edited one alone", () => {
    const body = withSignature("", "<p>Kim<br>Sales</p>").replace("<p></p>", "<p>Hello</p>");
    expect(swapSignature(body, "<p>Kim<br>Sales</p>", "<p>김</p>")).toBe("<p>Hello</p><p>-- </p><p>김</p>");
    expect(swapSignature(body, "<p>Kim<br>Sales</p>", "")).toBe("<p>Hello</p>");
    expect(swapSignature(body.replace("Sales", "Marketing"), "<p>Kim<br>Sales</p>", "<p>김</p>")).toBeNull();
    expect(swapSignature("<p>Hello</p>", "", "<p>김</p>")).toBe("<p>Hello</p><p>-- </p><p>김</p>");
    expect(swapSignature("<p>Hi</p><blockquote><p>q</p></blockquote>", "", "<p>김</p>")).toBe("<p>Hi</p><p>-- </p><p>김</p><blockquote><p>q</p></blockquote>");
  });
});
