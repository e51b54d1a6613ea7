/**
 * Which engine the server tests build their servers on: the `server` project's files run on SQLite, the
 * `server-postgres` project's (the same files) on PostgreSQL; vitest.config.ts sets TESSERA_TEST_STORE for
 * each, and the PostgreSQL project starts the server test/setup/postgres.ts provides.
 */
export type TestEngine = 'sqlite' | 'postgres';

export const TEST_ENGINE: TestEngine = process.env.TESSERA_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/** True when `location` (TestServer.dbPath) names a PostgreSQL database rather than a SQLite file. */
export function isPostgresLocation(location: string): boolean {
  return location.startsWith('postgres://') || location.startsWith('postgresql://');
}
