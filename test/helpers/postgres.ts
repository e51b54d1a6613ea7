import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { registerAfterFile } from '../setup/after-file.js';
import type { PostgresTestContext } from './postgres-cluster.js';
import { databasePool, resetSessions } from './postgres-pools.js';

/**
 * A fresh PostgreSQL database per test file, on the one server test/setup/postgres.ts started for the run
 * (files of the `postgres` Vitest project, test/server/postgres/). Every database made here is dropped
 * when its file ends.
 */

function context(): PostgresTestContext {
  const provided = inject('postgres') as PostgresTestContext | undefined;
  if (provided) return provided;
  const skipReason = 'No PostgreSQL server was started for this file: PostgreSQL tests belong in test/server/postgres/ (the `postgres` project).';
  if (process.env.CI) throw new Error(skipReason);
  return { skipReason };
}

const CONTEXT = context();

/** Why this file's PostgreSQL tests do not run, or undefined when they do. */
export const POSTGRES_SKIP_REASON = 'skipReason' in CONTEXT ? CONTEXT.skipReason : undefined;

if (POSTGRES_SKIP_REASON) console.warn(`[postgres] ${POSTGRES_SKIP_REASON}`);

/** `describe` for suites that need PostgreSQL: skipped, with the reason printed once, when there is none. */
export const describePostgres = describe.skipIf(POSTGRES_SKIP_REASON !== undefined);

function adminUrl(): string {
  if ('skipReason' in CONTEXT) throw new Error(CONTEXT.skipReason);
  return CONTEXT.adminUrl;
}

function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.href;
}

async function asAdmin(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A pool testPool made, and its connections that have not closed yet. */
interface FilePool {
  pool: pg.Pool;
  open: Set<pg.PoolClient>;
}

let created: string[] = [];
let pools: FilePool[] = [];

/**
 * Ends a pool and waits until each of its connections has closed. pg.Pool's end() resolves once it has asked
 * them to close, not when they have: a DROP DATABASE … WITH (FORCE) right after it terminated the backends
 * that had not yet read the request, and their connections reported it (57P01) as an error the pool, with
 * no listener, threw into whichever file the worker ran next.
 */
async function endPool({ pool, open }: FilePool): Promise<void> {
  const closed = [...open].map((client) => new Promise((resolve) => client.once('end', resolve)));
  if (!pool.ending) await pool.end();
  await Promise.all(closed);
}

/** Ends the pools testPool made for this file, and resolves once every one of their connections has closed. */
export async function endTestPools(): Promise<void> {
  const open = pools;
  pools = [];
  for (const pool of open) await endPool(pool);
}

/** Ends the file's pools, then drops its databases. */
async function cleanUpFile(): Promise<void> {
  const names = created;
  created = [];
  await endTestPools();
  // FORCE ends connections a test opened by other means, so one leaked client cannot keep a database alive.
  for (const name of names) await asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

registerAfterFile(cleanUpFile);

export interface TestDatabaseOptions {
  /** false: an empty database (no tables), for tests of the migrations themselves. Default: every migration applied. */
  migrated?: boolean;
}

/** Creates a database for this file and returns its connection URL; it is dropped after the file. */
export async function createTestDatabase({ migrated = true }: TestDatabaseOptions = {}): Promise<string> {
  if ('skipReason' in CONTEXT) throw new Error(CONTEXT.skipReason);
  // Lower-case letters and digits only, so the name needs no quoting.
  const name = `tessera_test_${randomBytes(6).toString('hex')}`;
  await asAdmin(`CREATE DATABASE ${name} TEMPLATE ${migrated ? CONTEXT.template : 'template0'}`);
  created.push(name);
  return databaseUrl(name);
}

/** A pool on `url`, ended after the file unless the test ended it first. */
export function testPool(url: string, config: Omit<pg.PoolConfig, 'connectionString'> = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, ...config });
  const open = new Set<pg.PoolClient>();
  pool.on('connect', (client) => {
    open.add(client);
    client.once('end', () => open.delete(client));
  });
  pools.push({ pool, open });
  return pool;
}

/**
 * Databases a test server can take and give back (test/helpers/server.ts): CREATE DATABASE … TEMPLATE costs
 * about 170–260 ms and its DROP 60–240 ms on the CI machine, against about 20 ms to empty every table, so a
 * worker keeps the databases its servers gave back and empties one when the next server takes it. They live
 * as long as the worker's PostgreSQL server (test/setup/postgres.ts), not one file.
 */
const free: string[] = [];
/** Databases given back with `keepFiles` (a restart test reopens them): free again when their file ends. */
let kept = new Set<string>();

/** Tables a migration fills and no test should see emptied; the rest are emptied on reuse. */
const KEEP_TABLES = new Set(['schema_migrations']);

async function tablesOf(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  return rows.map((row) => row.tablename).filter((name) => !KEEP_TABLES.has(name));
}

/** The rows a database fresh from the template holds (the migrations' seeds), as statements that put them back. */
async function seedStatements(pool: pg.Pool, tables: string[]): Promise<string[]> {
  const statements: string[] = [];
  for (const table of tables) {
    const { rows } = await pool.query<{ rows: unknown[] | null }>(`SELECT json_agg(t) AS rows FROM ${table} t`);
    const seeded = rows[0]?.rows;
    if (seeded) statements.push(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, '${JSON.stringify(seeded).replaceAll("'", "''")}');`);
  }
  return statements;
}

/**
 * One statement that empties a reused database back to what the template holds: every row deleted
 * (foreign keys unchecked while it happens, as superuser), sequences set back to their start (setval, not
 * ALTER SEQUENCE, which would make every connection of the database reload the sequence's catalog entry),
 * the seeded rows put back. Read once per worker from its first database, fresh from the template.
 */
let resetSql: string | undefined;

async function readResetSql(pool: pg.Pool): Promise<string> {
  const tables = await tablesOf(pool);
  const seeds = await seedStatements(pool, tables);
  return `BEGIN; SET LOCAL session_replication_role = replica; ${tables.map((table) => `DELETE FROM ${table};`).join(' ')}
    SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, start_value, false) FROM pg_sequences WHERE schemaname = 'public';
    ${seeds.join(' ')} COMMIT`;
}

/** Puts a reused database and its pooled connections (test/helpers/postgres-pools.ts) back as new. */
async function resetDatabase(url: string): Promise<void> {
  const client = await (await resetSessions(url)).connect();
  try {
    await client.query(resetSql!);
    client.release();
  } catch (error) {
    // A failure inside BEGIN … COMMIT leaves the session in an aborted transaction: not one to pool.
    client.release(error as Error);
    throw error;
  }
}

/** A migrated database for one test server: a given-back one emptied, else a new one. */
export async function takeTestDatabase(): Promise<string> {
  const reused = free.pop();
  if (reused === undefined) {
    const url = await createTestDatabase();
    // Not dropped with the file's own databases: it goes back to `free` instead.
    created = created.filter((name) => !url.endsWith(`/${name}`));
    resetSql ??= await readResetSql(databasePool(url));
    return url;
  }
  await resetDatabase(reused);
  return reused;
}

/** Gives a server's database back: free for the next server, or, with `keep`, once this file ends. */
export function releaseTestDatabase(url: string, { keep = false } = {}): void {
  if (keep) kept.add(url);
  else {
    kept.delete(url);
    if (!free.includes(url)) free.push(url);
  }
}

/** A restart test reopened a kept database: it is that server's until it closes. */
export function adoptTestDatabase(url: string): void {
  kept.delete(url);
}

registerAfterFile(function freeKeptDatabases() {
  free.push(...kept);
  kept = new Set();
});
