/**
 * Which engine the server tests build their servers on: SQLite unless `TESSERA_TEST_STORE=postgres`, which
 * also gives the `server` project the PostgreSQL server of test/setup/postgres.ts (vitest.config.ts).
 */
export type TestEngine = 'sqlite' | 'postgres';

export const TEST_ENGINE: TestEngine = process.env.TESSERA_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/** True when `location` (TestServer.dbPath) names a PostgreSQL database rather than a SQLite file. */
export function isPostgresLocation(location: string): boolean {
  return location.startsWith('postgres://') || location.startsWith('postgresql://');
}
