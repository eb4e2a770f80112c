import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.resetModules();
});

describe("processWide", () => {
  it("gives every copy of a module the same value (Next.js loads lib/ once per bundle)", async () => {
    const first = await import("./process-wide");
    const value = first.processWide("test.shared", () => new Map<string, number>());
    value.set("seen", 1);
    vi.resetModules();
    const second = await import("./process-wide");
    expect(second).not.toBe(first);
    const create = vi.fn(() => new Map<string, number>());
    expect(second.processWide("test.shared", create)).toBe(value);
    expect(create).not.toHaveBeenCalled();
  });

  it("keeps values of different names apart, and creates each once", async () => {
    const { processWide } = await import("./process-wide");
    const create = vi.fn(() => ({}));
    const a = processWide("test.a", create);
    expect(processWide("test.a", create)).toBe(a);
    expect(processWide("test.b", create)).not.toBe(a);
    expect(create).toHaveBeenCalledTimes(2);
  });
});

describe("startOnce", () => {
  it("starts once for every caller and every copy of the module", async () => {
    const { startOnce } = await import("./process-wide");
    const start = vi.fn(async () => ({ pool: "one" }));
    const first = startOnce("test.start", start);
    vi.resetModules();
    const second = await import("./process-wide");
    expect(second.startOnce("test.start", start)).toBe(first);
    expect(await first).toEqual({ pool: "one" });
    expect(start).toHaveBeenCalledTimes(1);
  });

  it("forgets a failed start, so the next caller tries again", async () => {
    const { startOnce } = await import("./process-wide");
    const start = vi.fn().mockRejectedValueOnce(new Error("database not up yet")).mockResolvedValueOnce("up");
    await expect(startOnce("test.retry", start)).rejects.toThrow("database not up yet");
    await expect(startOnce("test.retry", start)).resolves.toBe("up");
    await expect(startOnce("test.retry", start)).resolves.toBe("up");
    expect(start).toHaveBeenCalledTimes(2);
  });

  it("hands what was started to takeStarted once, and starts afresh after", async () => {
    const { startOnce, takeStarted } = await import("./process-wide");
    expect(takeStarted("test.take")).toBeUndefined();
    let n = 0;
    const first = startOnce("test.take", async () => ++n);
    expect(takeStarted("test.take")).toBe(first);
    expect(takeStarted("test.take")).toBeUndefined();
    await expect(startOnce("test.take", async () => ++n)).resolves.toBe(2);
  });
});
