import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { registerAfterFile } from '../setup/after-file.js';
import type { PostgresTestContext } from './postgres-cluster.js';

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

let created: string[] = [];
let pools: pg.Pool[] = [];

/** Ends the file's pools, then drops its databases. */
async function cleanUpFile(): Promise<void> {
  const [names, open] = [created, pools];
  [created, pools] = [[], []];
  for (const pool of open) if (!pool.ending) await pool.end();
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
  pools.push(pool);
  return pool;
}
