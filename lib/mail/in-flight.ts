/**
 * Work keyed by what it is for, shared while it runs: a caller that asks for
 * the same key meanwhile gets the promise already under way instead of doing
 * the work a second time. Per process; nothing is kept once the work settles.
 */
export class InFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  run(key: string, start: () => Promise<T>): Promise<T> {
    const existing = this.running.get(key);
    if (existing) return existing;
    const work = start().finally(() => this.running.delete(key));
    this.running.set(key, work);
    return work;
  }
}
