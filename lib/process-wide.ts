/**
 * One value per process, whichever copy of a module asks for it.
 *
 * Next.js bundles lib/ more than once: pages and server actions get one copy
 * of each module, route handlers another (and development reloads make
 * more). State kept at a module's top level is then per copy: sign-in (a
 * route) started the Inbox's first visit in one registry of work under way,
 * and the page it redirected to looked in another, found nothing running,
 * and rendered the Inbox before its rows were in. Anything that must be one
 * per process (registries of work under way, connections, queues) is kept
 * here instead, under a name.
 */
export function processWide<T>(name: string, create: () => T): T {
  const holder = globalThis as unknown as Record<symbol, T | undefined>;
  const key = Symbol.for(`maeil.${name}`);
  return (holder[key] ??= create());
}

interface StartSlot<T> {
  started?: Promise<T>;
}

/**
 * Something started once per process and shared by every caller: the
 * database pool, the job queue, the LISTEN connection. A start that fails is
 * forgotten, so the next caller tries again (the database may come up a
 * moment later) instead of inheriting the failure for the process's life.
 */
export function startOnce<T>(name: string, start: () => Promise<T>): Promise<T> {
  const slot = processWide<StartSlot<T>>(name, () => ({}));
  slot.started ??= start().catch((error: unknown) => {
    slot.started = undefined;
    throw error;
  });
  return slot.started;
}

/** What `startOnce(name, …)` started, if anything, forgotten so the next call starts afresh: for shutting it down. */
export function takeStarted<T>(name: string): Promise<T> | undefined {
  const slot = processWide<StartSlot<T>>(name, () => ({}));
  const started = slot.started;
  slot.started = undefined;
  return started;
}
