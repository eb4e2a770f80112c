// Vitest runs lib/ outside React's server graph, where the real `server-only`
// would throw; the guard still protects the Next.js build.
export {};
