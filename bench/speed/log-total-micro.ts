import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { parseQuery } from '../../server/services/lucene.js';
import { auditLogRepo as postgresLogs } from '../../server/store/postgres/audit-log.js';
import { migratePostgres } from '../../server/store/postgres/migrate.js';
import { createPostgresPool } from '../../server/store/postgres/pool.js';
import { openDatabase } from '../../server/store/sqlite/db.js';
import { auditLogRepo as sqliteLogs } from '../../server/store/sqlite/audit-log.js';
import { startBenchPostgres, type BenchPostgres } from './pg-cluster.js';

/**
 * `logs by type` (issue 12) at the store, without HTTP: `GET /api/v2/logs?q=type:seotpft&include_totals=true`'s
 * page and total, on the `lists` bench's log (four entries per user, the types by quarter of the month, so
 * `seotpft` is the third quarter's), at 100,000 and 100 users, on both engines. "before" is the SQL the
 * repositories sent until migration 017 (the page by seq, then COUNT(*) of the type); "after" is the
 * repository now (the page from logs_type on PostgreSQL, the total from log_type_counts). CPU of this
 * process, plus PostgreSQL's (pg-cpu.ts) on PostgreSQL. Run: `npx tsx bench/speed/log-total-micro.ts`.
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

async function cpuPerOp(runs: number, extraCpuMs: () => number, op: () => unknown): Promise<string> {
  for (let i = 0; i < 20; i++) await op(); // warm-up: JIT, statement caches
  const [node, other] = [process.cpuUsage(), extraCpuMs()];
  for (let i = 0; i < runs; i++) await op();
  const used = process.cpuUsage(node);
  const each = ((used.user + used.system) / 1000 + (extraCpuMs() - other)) / runs;
  return each >= 1 ? `${each.toFixed(2)} ms` : `${Math.round(each * 1000)} µs`;
}

type Page = { logs: unknown[]; total?: number };
type LogRecord = { details: string };
/** As the repositories hand rows out (details parsed), so "before" does the same work per row as "now". */
const parsed = (row: LogRecord) => ({ ...row, details: JSON.parse(row.details) as unknown });

async function compare(engine: string, users: number, extraCpuMs: () => number, before: () => unknown, now: () => Page | Promise<Page>): Promise<void> {
  const expected = await now();
  if (expected.total !== users / 2 || expected.logs.length !== Math.min(50, users / 2)) throw new Error(`${engine}: unexpected answer ${expected.total}`);
  const runs = users > 1000 ? 200 : 1000;
  const [cpuBefore, cpuNow] = [await cpuPerOp(runs, extraCpuMs, before), await cpuPerOp(runs, extraCpuMs, now)];
  console.log(`logs by type on ${engine} at ${users.toLocaleString('en')} users: ${cpuBefore} CPU before | ${cpuNow} now`);
}

async function onSqlite(dir: string, users: number): Promise<void> {
  const db: Database.Database = openDatabase(join(dir, `${users}.db`));
  try {
    db.exec(`WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ${4 * users - 1}) ${LOG_SQL(users)} FROM s`);
    db.exec('ANALYZE');
    const [page, count] = [db.prepare(OLD_PAGE), db.prepare(OLD_COUNT)];
    const repo = sqliteLogs(db);
    const before = () => ({ logs: (page.all('seotpft') as LogRecord[]).map(parsed), total: (count.get('seotpft') as { n: number }).n });
    await compare('SQLite', users, () => 0, before, () => repo.page(FILTER, 0, 50, false, true));
  } finally {
    db.close();
  }
}

async function onPostgres(pgCluster: BenchPostgres, users: number): Promise<void> {
  const pool = createPostgresPool(await pgCluster.createDatabase(), { max: 1 });
  try {
    await migratePostgres(pool);
    await pool.query(`${LOG_SQL(users)} FROM generate_series(0, ${4 * users - 1}) AS i`);
    // Now, not inside a window: what autovacuum and the checkpointer would do after 400,000 new rows.
    await pool.query('VACUUM ANALYZE logs, log_type_counts');
    await pool.query('CHECKPOINT');
    const numbered = (sql: string) => sql.replace('?', '$1');
    const before = async () => ({
      logs: (await pool.query<LogRecord>(numbered(OLD_PAGE), ['seotpft'])).rows.map(parsed),
      total: (await pool.query<{ n: number }>(numbered(OLD_COUNT), ['seotpft'])).rows[0]!.n,
    });
    const repo = postgresLogs(pool);
    await compare('PostgreSQL', users, () => pgCluster.cpuMs(), before, () => repo.page(FILTER, 0, 50, false, true));
  } finally {
    await pool.end();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'tessera-log-total-'));
const pgCluster = await startBenchPostgres();
try {
  for (const users of SIZES) await onSqlite(dir, users);
  for (const users of SIZES) await onPostgres(pgCluster, users);
} finally {
  await pgCluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
