import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { parseQuery } from '../../server/services/lucene.js';
import { auditLogRepo as postgresLogs } from '../../server/store/postgres/audit-log.js';
import { migratePostgres } from '../../server/store/postgres/migrate.js';
import { createPostgresPool } from '../../server/store/postgres/pool.js';
import { openDatabase } from '../../server/store/sqlite/db.js';
import { auditLogRepo as sqliteLogs } from '../../server/store/sqlite/audit-log.js';
import { startBenchPostgres, type BenchPostgres } from './pg-cluster.js';
import { cpu, median } from './report.js';

/**
 * `logs by type` (issue 12) at the store, without HTTP: `GET /api/v2/logs?q=type:seotpft&include_totals=true`'s
 * page and total, on the `lists` bench's log (four entries per user, the types by quarter of the month, so
 * `seotpft` is the third quarter's), at 100,000 and 100 users, on both engines. "before" is the SQL the
 * repositories sent until migration 017 (the page by seq, then COUNT(*) of the type); "after" is the
 * repository now (the page from logs_type on PostgreSQL, the total from log_type_counts). CPU of this
 * process, plus PostgreSQL's (pg-cpu.ts) on PostgreSQL, medians of ROUNDS alternating windows.
 * Run: `npx tsx bench/speed/log-total-micro.ts` (1–2 minutes).
 */

const SIZES = [100_000, 100];
const FILTER = { terms: parseQuery('type:seotpft', { fields: ['type'] }) };
const OLD_PAGE = 'SELECT * FROM logs WHERE type = ? ORDER BY seq DESC LIMIT 50 OFFSET 0';
const OLD_COUNT = 'SELECT COUNT(*) AS n FROM logs WHERE type = ?';

/** The `lists` bench's month of log (audit-rows.ts): user i % n, TOTP users even; the type by quarter. */
const LOG_SQL = (n: number) => `
  INSERT INTO logs (log_id, type, date, user_id, details)
  SELECT 'l' || i, CASE WHEN (i % ${n}) % 2 = 0 THEN (CASE i / ${n} WHEN 0 THEN 'mfar' WHEN 2 THEN 'seotpft' ELSE 'gd_auth_succeed' END)
                        ELSE (CASE i / ${n} WHEN 1 THEN 'fp' ELSE 's' END) END,
         i, 'auth0|u' || (i % ${n}), '{}'`;

const ROUNDS = 5;

type Page = { logs: unknown[]; total?: number };
type LogRecord = { details: string };
/** As the repositories hand rows out (details parsed), so "before" does the same work per row as "now". */
const parsed = (row: LogRecord) => ({ ...row, details: JSON.parse(row.details) as unknown });

/** One tenant's two ways of answering, checked to agree before they are timed. */
interface Tenant {
  users: number;
  before: () => Page | Promise<Page>;
  now: () => Page | Promise<Page>;
}

/** CPU per op over `runs` ops, in ms: this process's and PostgreSQL's (`databaseCpuMs`, 0 on SQLite). */
async function cpuPerOp(runs: number, databaseCpuMs: () => number, op: () => unknown): Promise<{ own: number; database: number }> {
  const [node, database] = [process.cpuUsage(), databaseCpuMs()];
  for (let i = 0; i < runs; i++) await op();
  const used = process.cpuUsage(node);
  return { own: (used.user + used.system) / 1000 / runs, database: (databaseCpuMs() - database) / runs };
}

async function check(engine: string, { users, before, now }: Tenant): Promise<void> {
  const [old, page] = [await before(), await now()];
  const ids = (p: Page) => JSON.stringify(p.logs);
  if (page.total !== users / 2 || old.total !== page.total || ids(old) !== ids(page)) throw new Error(`${engine} at ${users} users: before and now disagree`);
}

/**
 * Both tenants and both ways take turns, round after round (order swapped each round), after a warm-up of
 * each: measured one after the other, whichever ran first paid for the JIT and caches warming up.
 */
async function compare(engine: string, tenants: Tenant[], databaseCpuMs: () => number): Promise<void> {
  for (const tenant of tenants) await check(engine, tenant);
  const ways = tenants.flatMap((tenant) => [tenant.before, tenant.now]);
  for (const way of ways) for (let i = 0; i < 200; i++) await way();
  const samples: { own: number; database: number }[][] = ways.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    const order = ways.map((_, i) => i);
    if (round % 2) order.reverse();
    for (const i of order) samples[i]!.push(await cpuPerOp(tenants[Math.floor(i / 2)]!.users > 1000 ? 100 : 300, databaseCpuMs, ways[i]!));
  }
  const show = (i: number) => {
    const [own, database] = [median(samples[i]!.map((s) => s.own)), median(samples[i]!.map((s) => s.database))];
    return database > 0 ? `${cpu(own + database)} (${cpu(database)} PostgreSQL)` : cpu(own);
  };
  tenants.forEach((tenant, t) => console.log(`logs by type on ${engine} at ${tenant.users.toLocaleString('en')} users: ${show(2 * t)} CPU before | ${show(2 * t + 1)} now`));
}

function sqliteTenant(dir: string, users: number, open: Database.Database[]): Tenant {
  const db: Database.Database = openDatabase(join(dir, `${users}.db`));
  open.push(db);
  db.exec(`WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ${4 * users - 1}) ${LOG_SQL(users)} FROM s`);
  db.exec('ANALYZE');
  const [page, count, repo] = [db.prepare(OLD_PAGE), db.prepare(OLD_COUNT), sqliteLogs(db)];
  return {
    users,
    before: () => ({ logs: (page.all('seotpft') as LogRecord[]).map(parsed), total: (count.get('seotpft') as { n: number }).n }),
    now: () => repo.page(FILTER, 0, 50, false, true),
  };
}

async function postgresTenant(pgCluster: BenchPostgres, users: number, open: pg.Pool[]): Promise<Tenant> {
  const pool = createPostgresPool(await pgCluster.createDatabase(), { max: 1 });
  open.push(pool);
  await migratePostgres(pool);
  await pool.query(`${LOG_SQL(users)} FROM generate_series(0, ${4 * users - 1}) AS i`);
  // Now, not inside a window: what autovacuum and the checkpointer would do after 400,000 new rows.
  await pool.query('VACUUM ANALYZE logs, log_type_counts');
  await pool.query('CHECKPOINT');
  const numbered = (sql: string) => sql.replace('?', '$1');
  const repo = postgresLogs(pool);
  return {
    users,
    before: async () => ({
      logs: (await pool.query<LogRecord>(numbered(OLD_PAGE), ['seotpft'])).rows.map(parsed),
      total: (await pool.query<{ n: number }>(numbered(OLD_COUNT), ['seotpft'])).rows[0]!.n,
    }),
    now: () => repo.page(FILTER, 0, 50, false, true),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'tessera-log-total-'));
const pgCluster = await startBenchPostgres();
const [databases, pools]: [Database.Database[], pg.Pool[]] = [[], []];
try {
  await compare('SQLite', SIZES.map((users) => sqliteTenant(dir, users, databases)), () => 0);
  const tenants: Tenant[] = [];
  for (const users of SIZES) tenants.push(await postgresTenant(pgCluster, users, pools));
  await compare('PostgreSQL', tenants, () => pgCluster.cpuMs());
} finally {
  for (const db of databases) db.close();
  for (const pool of pools) await pool.end();
  await pgCluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
