import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LogRow } from '../../../server/store/audit-log.js';
import { auditLogRepo, LOG_SEQ_LOCK_KEY } from '../../../server/store/postgres/audit-log.js';
import { createPostgresPool } from '../../../server/store/postgres/pool.js';
import { createTestDatabase, describePostgres } from '../../helpers/postgres.js';

const entry = (logId: string): Omit<LogRow, 'seq'> => ({
  log_id: logId, type: 's', date: 1_700_000_000_000, description: null, client_id: null, client_name: null, user_id: null, user_name: null, ip: null, user_agent: null, details: {},
});

/** Waits, a bounded number of short turns, until `pid` waits for the audit-seq advisory lock. */
async function untilWaitingForSeqLock(pool: pg.Pool, pid: number): Promise<void> {
  for (let turn = 0; turn < 1000; turn++) {
    const { rows } = await pool.query(
      "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND pid = $1 AND ((classid::bigint << 32) | objid::bigint) = $2::bigint",
      [pid, LOG_SEQ_LOCK_KEY],
    );
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`Backend ${pid} never waited for the audit seq lock.`);
}

describePostgres('audit log seq order on PostgreSQL (what log-stream cursors rely on)', () => {
  let pool: pg.Pool;
  beforeAll(async () => {
    pool = createPostgresPool(await createTestDatabase(), { max: 20 });
  });
  afterAll(async () => pool.end());

  it('hands out a later seq only after the earlier one committed, so a cursor never passes a gap', async () => {
    const reader = auditLogRepo(pool);
    const [a, b] = [await pool.connect(), await pool.connect()];
    try {
      const bPid = (await b.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await a.query('BEGIN');
      await auditLogRepo(a).insert(entry('log_a'));
      await b.query('BEGIN');
      const bInserted = auditLogRepo(b).insert(entry('log_b'));
      await untilWaitingForSeqLock(pool, bPid);
      expect(await reader.after({}, 0, 10)).toEqual([]);
      await a.query('COMMIT');
      await bInserted;
      // A stream reading now sees log_a and moves its cursor there; log_b, still open, must come after it.
      const first = await reader.after({}, 0, 10);
      expect(first.map((row) => row.log_id)).toEqual(['log_a']);
      await b.query('COMMIT');
      const next = await reader.after({}, first[0]!.seq, 10);
      expect(next.map((row) => row.log_id)).toEqual(['log_b']);
    } finally {
      a.release();
      b.release();
    }
  });

  it('lets the next insert in when a transaction holding the lock rolls back', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await auditLogRepo(client).insert(entry('log_undone'));
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    await auditLogRepo(pool).insert(entry('log_after_rollback'));
    expect(await auditLogRepo(pool).find('log_after_rollback')).toMatchObject({ log_id: 'log_after_rollback' });
    expect(await auditLogRepo(pool).find('log_undone')).toBeUndefined();
  });

  it('a reader following the cursor while 12 transactions commit in any order misses none', async () => {
    const reader = auditLogRepo(pool);
    const start = (await reader.all()).at(-1)?.seq ?? 0;
    const writers = Array.from({ length: 12 }, async (_, n) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await auditLogRepo(client).insert(entry(`log_race_${n}`));
        for (let turn = 0; turn < n % 4; turn++) await client.query('SELECT 1');
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    });
    const seen: string[] = [];
    let cursor = start;
    let done = false;
    const all = Promise.all(writers).then(() => (done = true));
    // Read as a stream does, advancing past what it read, until the writers are done and one last read.
    for (let round = 0; round < 10_000; round++) {
      const finished = done;
      const rows = await reader.after({}, cursor, 100);
      seen.push(...rows.map((row) => row.log_id));
      cursor = rows.at(-1)?.seq ?? cursor;
      if (finished) break;
    }
    await all;
    expect([...seen].sort()).toEqual(Array.from({ length: 12 }, (_, n) => `log_race_${n}`).sort());
  });
});
