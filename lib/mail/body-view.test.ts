import { describe, expect, it } from "vitest";
import { bodyViewHref, canChooseBodyView, chooseBodyView } from "./body-view";

const both = { html: "<p>Formatted</p>", text: "Plain" };

describe("chooseBodyView", () => {
  it("shows the formatted body unless ?view=text asks for the text", () => {
    expect(chooseBodyView(undefined, both)).toBe("html");
    expect(chooseBodyView("text", both)).toBe("text");
    expect(chooseBodyView("html", both)).toBe("html");
    expect(chooseBodyView("TEXT", both)).toBe("html");
    expect(chooseBodyView(["text", "text"], both)).toBe("html");
  });

  it("has only the text to show when there is no HTML", () => {
    expect(chooseBodyView(undefined, { html: null, text: "Plain" })).toBe("text");
    expect(chooseBodyView(undefined, null)).toBe("text");
  });

  it("keeps the HTML when there is no text to switch to", () => {
    expect(chooseBodyView("text", { html: "<img src=x>", text: "  \n" })).toBe("html");
    expect(canChooseBodyView({ html: "<img src=x>", text: "  \n" })).toBe(false);
  });

  it("offers the choice only with both", () => {
    expect(canChooseBodyView(both)).toBe(true);
    expect(canChooseBodyView({ html: null, text: "Plain" })).toBe(false);
    expect(canChooseBodyView(null)).toBe(false);
  });
});

describe("bodyViewHref", () => {
  it("puts the text view in the query and the formatted view at the plain URL", () => {
    expect(bodyViewHref("/mail/INBOX/7", "text")).toBe("/mail/INBOX/7?view=text");
    expect(bodyViewHref("/mail/INBOX/7", "html")).toBe("/mail/INBOX/7");
  });
});
