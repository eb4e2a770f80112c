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
