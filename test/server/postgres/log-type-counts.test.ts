import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LogRow } from '../../../server/store/audit-log.js';
import { auditLogRepo, LOG_SEQ_LOCK_KEY } from '../../../server/store/postgres/audit-log.js';
import { createPostgresStore } from '../../../server/store/postgres/index.js';
import { loadPostgresMigrations, migratePostgres } from '../../../server/store/postgres/migrate.js';
import { createPostgresPool } from '../../../server/store/postgres/pool.js';
import { createTestDatabase, describePostgres } from '../../helpers/postgres.js';

/**
 * Migration 017's count per log type on PostgreSQL: each backend adds to its own row, so concurrent
 * SERIALIZABLE transactions that write audit entries never conflict on a counter (the store here retries
 * nothing: a 40001 fails the test), a statement that writes many entries at once is counted like single
 * ones, and the retention purge folds the rows of backends that have exited.
 */

const DAY = Date.UTC(2026, 0, 10);
const TYPES = ['f', 's', 'gd_auth_succeed'];

const entry = (logId: string, type: string, date: number): Omit<LogRow, 'seq'> => ({
  log_id: logId, type, date, description: null, client_id: null, client_name: null, user_id: null, user_name: null, ip: null, user_agent: null, details: {},
});

/** A type's counter sum against a count of its entries, for every type either knows. */
async function sumsAndCounts(pool: pg.Pool): Promise<{ sums: Record<string, number>; counts: Record<string, number> }> {
  const sums = await pool.query<{ type: string; n: number }>('SELECT type, SUM(n)::bigint AS n FROM log_type_counts GROUP BY type HAVING SUM(n) <> 0');
  const counts = await pool.query<{ type: string; n: number }>('SELECT type, COUNT(*) AS n FROM logs GROUP BY type');
  const byType = (rows: { type: string; n: number }[]) => Object.fromEntries(rows.map((row) => [row.type, row.n]));
  return { sums: byType(sums.rows), counts: byType(counts.rows) };
}

/** One SERIALIZABLE transaction, as the store's, writing `rows` entries in one multi-row INSERT (under the audit seq lock). */
async function multiRowInsert(pool: pg.Pool, prefix: string, types: string[], date: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
    await client.query('SELECT 1 FROM users LIMIT 1');
    await client.query(
      `WITH seq_lock AS (SELECT pg_advisory_xact_lock($1::bigint))
       INSERT INTO logs (log_id, type, date) SELECT $2 || i, t, $4 FROM seq_lock, unnest($3::text[]) WITH ORDINALITY AS u(t, i)`,
      [LOG_SEQ_LOCK_KEY, prefix, types, date],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

describePostgres('the count per log type on PostgreSQL (migration 017)', () => {
  let pool: pg.Pool;
  beforeAll(async () => {
    pool = createPostgresPool(await createTestDatabase(), { max: 12 });
  });
  afterAll(() => pool.end());

  it('stays exact under 50 concurrent SERIALIZABLE writers, multi-row inserts and purges, with no serialization failure', async () => {
    const repo = auditLogRepo(pool);
    for (let n = 0; n < 60; n++) await repo.insert(entry(`old_${n}`, TYPES[n % 3]!, DAY + n));
    const cutOff = DAY + 1000;
    const store = createPostgresStore(pool, { retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    const writes = Array.from({ length: 50 }, (_, i) =>
      i % 5 === 4
        ? multiRowInsert(pool, `multi_${i}_`, ['f', 's', 's', 'gd_auth_succeed'], cutOff + i)
        : store.transaction(async (tx) => {
            // A read first, so the snapshot is taken before the other writers commit (the case a shared row fails).
            await tx.users.find('auth0|nobody');
            for (const [k, type] of ['f', 's', i % 2 ? 'f' : 'gd_auth_succeed'].entries()) await tx.logs.insert(entry(`new_${i}_${k}`, type, cutOff + i));
          }),
    );
    const purges = Array.from({ length: 12 }, () => repo.purge(cutOff, Number.MAX_SAFE_INTEGER, 5));
    const outcomes = await Promise.allSettled([...writes, ...purges]);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    await repo.purge(cutOff, Number.MAX_SAFE_INTEGER, 100);

    const { sums, counts } = await sumsAndCounts(pool);
    // 40 transactions of three entries (f, s, then f or gd_auth_succeed by turn) and 10 statements of four.
    expect(counts).toEqual({ f: 40 + 20 + 10, s: 40 + 20, gd_auth_succeed: 20 + 10 });
    expect(sums).toEqual(counts);
    for (const type of TYPES) expect((await repo.page({ terms: [{ field: 'type', value: type, prefix: false }] }, 0, 1, false, true)).total).toBe(counts[type]);
  });

  it('folds the rows of exited backends into slot 0 at the purge, keeping every sum', async () => {
    const dbUrl = await createTestDatabase();
    const writers = createPostgresPool(dbUrl, { max: 4 });
    // Four at once, so several backends each hold rows of their own.
    await Promise.all(Array.from({ length: 4 }, (_, i) => multiRowInsert(writers, `w${i}_`, TYPES, DAY + i)));
    const slots = async (on: pg.Pool) => (await on.query<{ slot: number }>('SELECT DISTINCT slot FROM log_type_counts WHERE slot <> 0')).rows.map((row) => row.slot);
    const before = await sumsAndCounts(writers);
    expect(before.counts).toEqual({ f: 4, s: 4, gd_auth_succeed: 4 });
    expect((await slots(writers)).length).toBeGreaterThan(1);
    await writers.end();
    const reader = createPostgresPool(dbUrl, { max: 1 });
    try {
      // The closed pool's backends exit shortly after their connections close: wait (bounded) until they have.
      for (let turn = 0; ; turn++) {
        const { rows } = await reader.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE pid = ANY($1::int[])', [await slots(reader)]);
        if (rows[0]!.n === 0) break;
        if (turn === 200) throw new Error('The closed pool’s backends never exited.');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(await auditLogRepo(reader).purge(0, Number.MAX_SAFE_INTEGER, 10)).toBe(0);
      expect(await slots(reader)).toEqual([]);
      expect(await sumsAndCounts(reader)).toEqual(before);
    } finally {
      await reader.end();
    }
  });

  it('counts the entries written before the migration, then follows a changed type and a delete of many', async () => {
    const fresh = createPostgresPool(await createTestDatabase({ migrated: false }));
    try {
      await migratePostgres(fresh, loadPostgresMigrations().filter((migration) => migration.version < 17));
      await fresh.query("INSERT INTO logs (log_id, type, date) VALUES ('a', 's', 1), ('b', 'f', 2), ('c', 's', 3)");
      await migratePostgres(fresh);
      expect(await sumsAndCounts(fresh)).toEqual({ sums: { s: 2, f: 1 }, counts: { s: 2, f: 1 } });
      await fresh.query("UPDATE logs SET type = 'fp' WHERE log_id = 'a'");
      await fresh.query("UPDATE logs SET description = 'same type' WHERE log_id = 'b'");
      expect(await sumsAndCounts(fresh)).toEqual({ sums: { s: 1, f: 1, fp: 1 }, counts: { s: 1, f: 1, fp: 1 } });
      await fresh.query("DELETE FROM logs WHERE log_id IN ('a', 'b')");
      expect(await sumsAndCounts(fresh)).toEqual({ sums: { s: 1 }, counts: { s: 1 } });
    } finally {
      await fresh.end();
    }
  });
});
