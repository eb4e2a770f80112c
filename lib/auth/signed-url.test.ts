import { describe, expect, it, vi } from "vitest";

vi.mock("./app-secret", () => ({ appSecret: () => "test-secret-test-secret-test-secret-12" }));
const { signPath, verifyPathSignature } = await import("./signed-url");

const path = "/api/messages/12/parts/2";
const parts = (signed: string) => new URL(signed, "http://x").searchParams;

describe("signed URLs", () => {
  it("verifies a fresh signature for the same path", () => {
    const q = parts(signPath(path, 60));
    expect(verifyPathSignature(path, q.get("exp"), q.get("sig"))).toBe(true);
  });

  it("rejects another path, a changed expiry, an expired or a missing signature", () => {
    const q = parts(signPath(path, 60));
    expect(verifyPathSignature("/api/messages/13/parts/2", q.get("exp"), q.get("sig"))).toBe(false);
    expect(verifyPathSignature(path, String(Number(q.get("exp")) + 1), q.get("sig"))).toBe(false);
    expect(verifyPathSignature(path, q.get("exp"), null)).toBe(false);
    const old = parts(signPath(path, 60, Date.now() - 120_000));
    expect(verifyPathSignature(path, old.get("exp"), old.get("sig"))).toBe(false);
  });
});
