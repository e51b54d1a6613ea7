import { afterAll, afterEach } from 'vitest';

/**
 * Clean-ups a helper needs after each test, or once its test file has finished (a Chromium shared by the
 * file's tests): helpers register them here, and this file, a setup file of every project, runs them.
 * In a project that shares its module graph between files (isolate: false) a helper module is evaluated
 * once per worker, so a hook it declared at its top level would run for the first file only; a setup
 * file runs again for every file. It imports nothing heavy, so files that register nothing pay nothing.
 */
const AFTER_FILE = Symbol.for('tessera.test.afterFile');
const AFTER_EACH = Symbol.for('tessera.test.afterEach');
type Cleanup = () => Promise<void> | void;

function registry(key: symbol): Set<Cleanup> {
  const holder = globalThis as unknown as Record<symbol, Set<Cleanup> | undefined>;
  return (holder[key] ??= new Set());
}

export function registerAfterFile(cleanup: Cleanup): void {
  registry(AFTER_FILE).add(cleanup);
}

/** Runs `cleanup` after every test of every file that follows (a helper's own resources; a no-op when it has none). */
export function registerAfterEach(cleanup: Cleanup): void {
  registry(AFTER_EACH).add(cleanup);
}

afterEach(async () => {
  for (const cleanup of registry(AFTER_EACH)) await cleanup();
});

afterAll(async () => {
  for (const cleanup of registry(AFTER_FILE)) await cleanup();
});
