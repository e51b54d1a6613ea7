import Database from 'better-sqlite3';
import type pg from 'pg';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDatabase } from '../../server/store/sqlite/db.js';
import { openSqliteStore } from '../../server/store/sqlite/index.js';
import type { Store } from '../../server/store/index.js';
import { isPostgresLocation, type TestEngine } from './test-engine.js';

/** The bytes of a database with every migration applied, made once per test process. */
let migratedImage: Buffer | undefined;

/**
 * `openDatabase(path)` for a path that does not exist yet, without running the migrations again: the
 * file starts as a copy of a database they already ran on, so `openDatabase` finds nothing to apply.
 * Hundreds of servers per run each ran all of them (a third of building one); the migrations
 * themselves are tested on real upgrades in test/server/store/sqlite/migrations.test.ts.
 */
export function openFreshDatabase(path: string): Database.Database {
  if (!migratedImage) {
    const template = openDatabase(':memory:');
    try {
      migratedImage = template.serialize();
    } finally {
      template.close();
    }
  }
  writeFileSync(path, migratedImage, { flag: 'wx' });
  return openDatabase(path);
}

/** `openFreshDatabase` as the store a server is built on. */
export function openFreshStore(path: string): Store {
  return openSqliteStore(openFreshDatabase(path));
}

export const TEMP_PREFIX = join(tmpdir(), 'tessera-test-');

export interface TestStore {
  store: Store;
  /** The SQLite file, or the PostgreSQL database's URL: what a restart passes back to reopen it. */
  location: string;
  /** After the store closed: removes the temp folder or gives the database back, unless `keep` (a restart follows). */
  release(options: { keep: boolean }): void;
}

async function openPostgresTestStore(location: string | undefined): Promise<TestStore> {
  // Loaded only on a PostgreSQL run: test/helpers/postgres.ts needs the server test/setup/postgres.ts starts.
  const databases = await import('./postgres.js');
  const pools = await import('./postgres-pools.js');
  const { createPostgresStore } = await import('../../server/store/postgres/index.js');
  const { createPostgresPool } = await import('../../server/store/postgres/pool.js');
  const url = location ?? (await databases.takeTestDatabase());
  if (location) databases.adoptTestDatabase(location);
  // A database of the worker's own (taken here, or kept by an earlier server) runs on its kept connections.
  const pool = pools.hasDatabasePool(url) ? pools.borrowPool(url) : createPostgresPool(url);
  return {
    store: createPostgresStore(pool),
    location: url,
    release: ({ keep }) => databases.releaseTestDatabase(url, { keep }),
  };
}

/**
 * The store a test server runs on: a fresh migrated database on `engine`, or the one at `location`
 * (a SQLite file or a PostgreSQL URL) that an earlier server kept, to test a restart.
 */
export async function openTestStore(engine: TestEngine, location?: string): Promise<TestStore> {
  if (location ? isPostgresLocation(location) : engine === 'postgres') return openPostgresTestStore(location);
  const path = location ?? join(mkdtempSync(TEMP_PREFIX), 'tessera.db');
  return {
    store: location ? openSqliteStore(path) : openFreshStore(path),
    location: path,
    release({ keep }) {
      // Only folders made here (a restart passes one back in as `location`), never a caller's own.
      if (!keep && dirname(path).startsWith(TEMP_PREFIX)) rmSync(dirname(path), { recursive: true, force: true });
    },
  };
}

/** Runs `read` on a second, read-only connection to a SQLite test server's file (never the server's own). */
export function readDb<T>(server: { dbPath: string }, read: (db: Database.Database) => T): T {
  if (isPostgresLocation(server.dbPath)) throw new Error('readDb reads a SQLite file: use queryRows, which runs on either engine.');
  const db = new Database(server.dbPath, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** `$1`-style parameters (PostgreSQL's) as SQLite's positional `?`, with the values in the order they appear. */
function positional(sql: string, params: unknown[]): [string, unknown[]] {
  const ordered: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, n: string) => {
    ordered.push(params[Number(n) - 1]);
    return '?';
  });
  return [text, ordered];
}

/**
 * Every row `sql` selects from the test server's database, on its own connection, whichever engine the
 * server runs on. Write SQL both engines read alike: `$1` parameters, CAST(flag AS INTEGER) for a flag
 * (SQLite's 0/1, PostgreSQL's BOOLEAN), BIGINTs come back as numbers on both.
 */
export async function queryRows<T = Record<string, unknown>>(server: { dbPath: string }, sql: string, ...params: unknown[]): Promise<T[]> {
  if (!isPostgresLocation(server.dbPath)) {
    const [text, ordered] = positional(sql, params);
    return readDb(server, (db) => db.prepare(text).all(...ordered) as T[]);
  }
  return await onPostgres(server.dbPath, async (pool) => (await pool.query(sql, params)).rows as T[]);
}

/** Every row `sql` selects from a SQLite test server's file, read as `readDb` does (the embedded server's tests). */
export function rows<T = Record<string, unknown>>(server: { dbPath: string }, sql: string, ...params: unknown[]): T[] {
  return readDb(server, (db) => db.prepare(sql).all(...params) as T[]);
}

/** Runs one writing statement on the test server's database (a test standing in for another party), on either engine. */
export async function executeSql(server: { dbPath: string }, sql: string, ...params: unknown[]): Promise<void> {
  if (!isPostgresLocation(server.dbPath)) {
    const [text, ordered] = positional(sql, params);
    const db = new Database(server.dbPath, { fileMustExist: true });
    try {
      db.prepare(text).run(...ordered);
    } finally {
      db.close();
    }
    return;
  }
  await onPostgres(server.dbPath, (pool) => pool.query(sql, params));
}

/** The audit log and the per-type counts its triggers keep (migration 017): what a snapshot without the log leaves out. */
export const AUDIT_LOG_TABLES = ['logs', 'log_type_counts'];

/** Tables the engines' own bookkeeping fills (PostgreSQL's applied migrations), never the server's data. */
const BOOKKEEPING_TABLES = new Set(['schema_migrations']);

/**
 * Every row of every table but `except`, each table's rows in a fixed order (sorted by their JSON, as
 * neither engine promises an order without ORDER BY): to show a refused request changed nothing.
 */
export async function tableSnapshot(server: { dbPath: string }, { except = [] }: { except?: string[] } = {}): Promise<Record<string, unknown[]>> {
  const listing = isPostgresLocation(server.dbPath)
    ? "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
  return await onOneConnection(server, async (query) => {
    const tables = (await query<{ name: string }>(listing)).map(({ name }) => name).filter((name) => !except.includes(name) && !BOOKKEEPING_TABLES.has(name));
    const snapshot: Record<string, unknown[]> = {};
    for (const name of tables) {
      const all = await query(`SELECT * FROM ${name}`);
      snapshot[name] = all.map((row) => [JSON.stringify(row), row] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
    }
    return snapshot;
  });
}

type Query = <T = Record<string, unknown>>(sql: string) => Promise<T[]>;

/**
 * Runs `read` with queries on one connection to the test server's database: a snapshot of some thirty
 * tables on PostgreSQL otherwise opens thirty connections (a backend process each), which cost a
 * refused-request test several seconds on a loaded machine.
 */
async function onOneConnection<T>(server: { dbPath: string }, read: (query: Query) => Promise<T>): Promise<T> {
  if (!isPostgresLocation(server.dbPath)) return await read(async <R>(sql: string) => await queryRows<R>(server, sql));
  return await onPostgres(server.dbPath, async (pool) => {
    const client = await pool.connect();
    try {
      return await read(async <R>(sql: string) => (await client.query(sql)).rows as R[]);
    } finally {
      client.release();
    }
  });
}

/**
 * Runs `use` on a pool of the PostgreSQL database at `url`: the worker's kept pool of a test server's
 * database (test/helpers/postgres-pools.ts), whose connections are warm, else one opened for this call.
 */
async function onPostgres<T>(url: string, use: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pools = await import('./postgres-pools.js');
  if (pools.hasDatabasePool(url)) return await use(pools.databasePool(url));
  const { createPostgresPool } = await import('../../server/store/postgres/pool.js');
  const pool = createPostgresPool(url, { max: 1 });
  try {
    return await use(pool);
  } finally {
    await pool.end();
  }
}
