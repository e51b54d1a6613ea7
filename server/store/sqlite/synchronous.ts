/**
 * A repository's methods answering directly rather than by promise: better-sqlite3 runs each statement
 * synchronously, so the SQLite repositories are written this way and the store (index.ts) turns them
 * into the asynchronous interface every caller sees.
 */
export type Synchronous<R> = {
  [K in keyof R]: R[K] extends (...args: infer A) => Promise<infer T> ? (...args: A) => T : never;
};
