import { describe, expect, it } from "vitest";
import { InFlight } from "./in-flight";

describe("InFlight", () => {
  it("gives a caller for the same key the work already running, and starts anew once it settled", async () => {
    const flights = new InFlight<number>();
    let started = 0;
    const start = () => Promise.resolve(++started);
    const first = flights.run("a", start);
    expect(flights.run("a", start)).toBe(first);
    expect(flights.run("b", start)).not.toBe(first);
    expect(await first).toBe(1);
    expect(await flights.run("a", start)).toBe(3);
  });

  it("forgets work that failed, so the next caller tries again", async () => {
    const flights = new InFlight<string>();
    await expect(flights.run("a", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    await expect(flights.run("a", () => Promise.resolve("up"))).resolves.toBe("up");
  });
});
