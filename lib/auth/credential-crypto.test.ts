import { describe, expect, it } from "vitest";
import { credentialKey, openCredential, sealCredential } from "./credential-crypto";

const key = credentialKey("a-test-secret-that-is-long-enough-123");

describe("credential crypto", () => {
  it("round-trips passwords, including non-ASCII ones", () => {
    for (const password of ["secret", "비밀번호123!", "", "x".repeat(500)]) {
      expect(openCredential(sealCredential(password, key), key)).toBe(password);
    }
  });

  it("never stores the plaintext and uses a fresh IV each time", () => {
    const a = sealCredential("hunter2", key);
    const b = sealCredential("hunter2", key);
    expect(a).not.toBe(b);
    expect(a).not.toContain("hunter2");
    expect(Buffer.from(a.slice(3), "base64url").toString("latin1")).not.toContain("hunter2");
  });

  it("rejects a value sealed under another secret", () => {
    const other = credentialKey("another-secret-that-is-long-enough-456");
    expect(() => openCredential(sealCredential("pw", key), other)).toThrow();
  });

  it("rejects a tampered value", () => {
    const sealed = sealCredential("pw", key);
    const raw = Buffer.from(sealed.slice(3), "base64url");
    raw[raw.length - 1]! ^= 1;
    expect(() => openCredential("v1." + raw.toString("base64url"), key)).toThrow();
  });

  it("rejects unknown formats", () => {
    expect(() => openCredential("plaintext", key)).toThrow(/format/);
    expect(() => openCredential("v1.AAAA", key)).toThrow(/truncated/);
  });
});
