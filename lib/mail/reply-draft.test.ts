import { describe, expect, it } from "vitest";
import { buildReplyDraft, replySubject, type OriginalMessage } from "./reply-draft";

const original: OriginalMessage = {
  messageId: "<m2@example.test>",
  subject: "Lunch?",
  from: { name: "Kim", address: "kim@example.test" },
  to: [{ name: "Me", address: "me@example.test" }, { name: "Lee", address: "lee@example.test" }],
  cc: [{ name: "", address: "park@example.test" }, { name: "Me again", address: "ME@example.test" }],
  replyTo: [],
  references: ["<m1@example.test>"],
  date: new Date("2026-11-20T03:00:00Z"),
  text: "Shall we?\n> earlier line",
};
const date = () => "Fri, Nov 20";

describe("replySubject", () => {
  it("adds Re: or Fwd: once, recognising other clients' prefixes", () => {
    expect(replySubject("Lunch?", "reply")).toBe("Re: Lunch?");
    expect(replySubject("RE: Lunch?", "all")).toBe("RE: Lunch?");
    expect(replySubject("회신: 점심", "reply")).toBe("회신: 점심");
    expect(replySubject("Re: Lunch?", "forward")).toBe("Fwd: Re: Lunch?");
    expect(replySubject("FW: Lunch?", "forward")).toBe("FW: Lunch?");
  });
});

describe("buildReplyDraft", () => {
  it("replies to the sender with threading headers and the quoted original", () => {
    const draft = buildReplyDraft(original, "reply", ["me@example.test"], date);
    expect(draft.to).toEqual([{ name: "Kim", address: "kim@example.test" }]);
    expect(draft.cc).toEqual([]);
    expect(draft.inReplyTo).toBe("<m2@example.test>");
    expect(draft.references).toEqual(["<m1@example.test>", "<m2@example.test>"]);
    expect(draft.body).toBe("\n\nOn Fri, Nov 20, Kim <kim@example.test> wrote:\n> Shall we?\n>> earlier line\n");
  });

  it("replies to all without my own addresses or duplicates, and honours Reply-To", () => {
    const draft = buildReplyDraft({ ...original, replyTo: [{ name: "List", address: "list@example.test" }] }, "all", ["me@example.test"], date);
    expect(draft.to.map((a) => a.address)).toEqual(["list@example.test"]);
    expect(draft.cc.map((a) => a.address)).toEqual(["lee@example.test", "park@example.test"]);
  });

  it("forwards with no recipients and the original's headers above its text", () => {
    const draft = buildReplyDraft(original, "forward", ["me@example.test"], date);
    expect(draft.to).toEqual([]);
    expect(draft.subject).toBe("Fwd: Lunch?");
    expect(draft.body).toContain("---------- Forwarded message ---------\nFrom: Kim <kim@example.test>\nDate: Fri, Nov 20\nSubject: Lunch?\nTo: Me <me@example.test>, Lee <lee@example.test>\nCc: park@example.test, Me again <ME@example.test>\n\nShall we?");
  });

  it("replying to my own sent message goes to its recipients", () => {
    const sent = { ...original, from: { name: "Me", address: "me@example.test" }, to: [{ name: "Kim", address: "kim@example.test" }], cc: [] };
    expect(buildReplyDraft(sent, "reply", ["me@example.test"], date).to.map((a) => a.address)).toEqual(["kim@example.test"]);
  });
});
