import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type pg from 'pg';

/**
 * The numbered SQL files next to this module, the same numbers and names as the SQLite store's
 * (test/server/postgres/schema-parity.test.ts holds them to it). The Node build (scripts/build-node.mjs)
 * puts its chunks in one folder whose `./migrations/` are SQLite's, so it copies these beside them as
 * `./postgres-migrations/`, found first.
 */
const BUNDLED_MIGRATIONS_DIR = new URL('./postgres-migrations/', import.meta.url);
export const POSTGRES_MIGRATIONS_DIR = existsSync(BUNDLED_MIGRATIONS_DIR) ? BUNDLED_MIGRATIONS_DIR : new URL('./migrations/', import.meta.url);

/**
 * Any 64-bit number works as long as every instance uses the same one: while one instance holds it the
 * others wait in `pg_advisory_lock`, then find the migrations applied and apply nothing.
 */
export const MIGRATION_LOCK_KEY = '7165230412';

/**
 * Tables of running several instances on one database, which the single-process SQLite store has no use
 * for: the applied migrations (SQLite keeps `PRAGMA user_version`) and job leases (lease.ts). They are
 * created under the migration lock before any numbered migration, so they are never one store's only.
 */
export const COORDINATION_TABLES = ['schema_migrations', 'job_leases'] as const;
const COORDINATION_SQL = `
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS job_leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);`;

export interface PostgresMigration {
  version: number;
  name: string;
  sql: string;
}

/** Numbered SQL files `NNN-name.sql`, in order. */
export function loadPostgresMigrations(dir: URL = POSTGRES_MIGRATIONS_DIR): PostgresMigration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{3}-[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 3)), name: file, sql: readFileSync(new URL(file, dir), 'utf8') }));
}

export interface MigrationResult {
  /** The newest applied version afterwards. */
  version: number;
  /** The versions this call applied (none when another instance had applied them first). */
  applied: number[];
}

async function applyOne(client: pg.PoolClient, migration: PostgresMigration): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(migration.sql);
    await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new Error(`PostgreSQL migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
  }
}

async function migrateLocked(client: pg.PoolClient, migrations: PostgresMigration[]): Promise<MigrationResult> {
  await client.query(COORDINATION_SQL);
  const done = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
  const applied = new Set(done.rows.map((row) => row.version));
  const appliedNow: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    await applyOne(client, migration);
    applied.add(migration.version);
    appliedNow.push(migration.version);
  }
  return { version: Math.max(0, ...applied), applied: appliedNow };
}

/**
 * Applies pending migrations, each in its own transaction, holding a session advisory lock throughout
 * so that instances starting at once on an empty database apply each migration exactly once.
 */
export async function migratePostgres(pool: pg.Pool, migrations: PostgresMigration[] = loadPostgresMigrations()): Promise<MigrationResult> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    try {
      return await migrateLocked(client, migrations);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]).catch((error: Error) => {
        broken = error;
      });
    }
  } finally {
    // A connection whose unlock failed may still hold the lock: destroy it (which releases the lock)
    // rather than hand it back to the pool.
    client.release(broken);
  }
}
