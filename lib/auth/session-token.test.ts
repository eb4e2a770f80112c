import { afterEach, describe, expect, it, vi } from "vitest";
import { encode } from "next-auth/jwt";
import { sessionIdFromCookies } from "./session-token";

const secret = "a-test-secret-that-is-long-enough-123";
const sid = "7f9c2c1e-4a7b-4c1e-9a55-2f0e3b8d1c11";
const PLAIN = "next-auth.session-token";

describe("sessionIdFromCookies", () => {
  it("reads the session id from next-auth's cookie, under either name", async () => {
    const token = await encode({ token: { sid }, secret });
    expect(await sessionIdFromCookies([{ name: PLAIN, value: token }], secret)).toBe(sid);
    expect(await sessionIdFromCookies([{ name: `__Secure-${PLAIN}`, value: token }], secret)).toBe(sid);
  });

  it("joins a cookie next-auth split into numbered chunks, in numeric order", async () => {
    const token = await encode({ token: { sid }, secret });
    const cut = [token.slice(0, 10), token.slice(10, 20), token.slice(20)];
    const cookies = [{ name: `${PLAIN}.2`, value: cut[2]! }, { name: `${PLAIN}.10x`, value: "junk" }, { name: `${PLAIN}.0`, value: cut[0]! }, { name: `${PLAIN}.1`, value: cut[1]! }];
    expect(await sessionIdFromCookies(cookies, secret)).toBe(sid);
  });

  it("refuses a token sealed with another secret, an expired one, garbage, and none", async () => {
    const other = await encode({ token: { sid }, secret: "another-secret-that-is-long-enough-456" });
    expect(await sessionIdFromCookies([{ name: PLAIN, value: other }], secret)).toBeNull();
    const expired = await encode({ token: { sid }, secret, maxAge: -60 });
    expect(await sessionIdFromCookies([{ name: PLAIN, value: expired }], secret)).toBeNull();
    expect(await sessionIdFromCookies([{ name: PLAIN, value: "not.a.jwe.at.all" }], secret)).toBeNull();
    expect(await sessionIdFromCookies([], secret)).toBeNull();
  });

  it("takes a good token under one name when the other holds a bad one, and needs a session id in it", async () => {
    const good = await encode({ token: { sid }, secret });
    expect(await sessionIdFromCookies([{ name: `__Secure-${PLAIN}`, value: "garbage" }, { name: PLAIN, value: good }], secret)).toBe(sid);
    const noSid = await encode({ token: { email: "a@b.test" }, secret });
    expect(await sessionIdFromCookies([{ name: PLAIN, value: noSid }], secret)).toBeNull();
  });

  describe("remembering tokens it has opened", () => {
    afterEach(() => vi.useRealTimers());

    it("stops answering for a token once it expires", async () => {
      const token = await encode({ token: { sid }, secret, maxAge: 60 });
      expect(await sessionIdFromCookies([{ name: PLAIN, value: token }], secret)).toBe(sid);
      vi.useFakeTimers({ now: Date.now() + 120_000, toFake: ["Date"] });
      expect(await sessionIdFromCookies([{ name: PLAIN, value: token }], secret)).toBeNull();
    });

    it("answers for a token only under the secret that opened it", async () => {
      const token = await encode({ token: { sid }, secret });
      expect(await sessionIdFromCookies([{ name: PLAIN, value: token }], secret)).toBe(sid);
      expect(await sessionIdFromCookies([{ name: PLAIN, value: token }], "another-secret-that-is-long-enough-456")).toBeNull();
      expect(await sessionIdFromCookies([{ name: PLAIN, value: token }], secret)).toBe(sid);
    });
  });
});
