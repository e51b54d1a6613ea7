import { afterAll } from 'vitest';

/**
 * Clean-ups a helper needs once its test file has finished (a Chromium shared by the file's tests):
 * helpers register them here, and this file, a setup file of every project, runs them after each file.
 * It imports nothing heavy, so files that register nothing pay nothing.
 */
const REGISTRY = Symbol.for('tessera.test.afterFile');
type Cleanup = () => Promise<void> | void;

function registry(): Set<Cleanup> {
  const holder = globalThis as unknown as Record<symbol, Set<Cleanup> | undefined>;
  return (holder[REGISTRY] ??= new Set());
}

export function registerAfterFile(cleanup: Cleanup): void {
  registry().add(cleanup);
}

afterAll(async () => {
  for (const cleanup of registry()) await cleanup();
});
