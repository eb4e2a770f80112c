import { describe, expect, it } from "vitest";
import { safePdfLinkHref } from "./safe-link";

describe("safePdfLinkHref", () => {
  it("keeps web and mail addresses", () => {
    expect(safePdfLinkHref("https://example.com/a?b=1")).toBe("https://example.com/a?b=1");
    expect(safePdfLinkHref("http://example.com")).toBe("http://example.com/");
    expect(safePdfLinkHref("mailto:bob@example.test")).toBe("mailto:bob@example.test");
  });

  it("drops scripts, files, data and anything unparseable", () => {
    for (const url of ["javascript:alert(1)", " JavaScript:alert(1)", "file:///etc/passwd", "data:text/html,<script>x</script>", "blob:https://x/1", "/relative", "", 42, null]) {
      expect(safePdfLinkHref(url)).toBeNull();
    }
  });

  it("drops absurdly long addresses", () => {
    expect(safePdfLinkHref(`https://example.com/${"a".repeat(3000)}`)).toBeNull();
  });
});
