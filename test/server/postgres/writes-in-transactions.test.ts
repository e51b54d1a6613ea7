import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS } from '../../../server/store/alerts.js';
import { alertRepo } from '../../../server/store/postgres/alerts.js';
import { jobRepo } from '../../../server/store/postgres/jobs.js';
import { createPostgresPool } from '../../../server/store/postgres/pool.js';
import { createTestDatabase, describePostgres } from '../../helpers/postgres.js';

const RACERS = 12;
const NOW = 1_700_000_000_000;

/**
 * The read-then-write repositories inside concurrent READ COMMITTED transactions, each on its own
 * connection as a `Store.transaction` runs: a conditional write waits for the row another open
 * transaction changed, then finds it changed and reads again, so no addition or patch is lost.
 */
describePostgres('PostgreSQL alert and job writes in concurrent transactions', () => {
  let pool: pg.Pool;
  beforeAll(async () => {
    pool = createPostgresPool(await createTestDatabase(), { max: RACERS + 2 });
    await pool.query("INSERT INTO tenant (id, name, created_at) VALUES (1, 'Tessera', $1)", [NOW]);
  });
  afterAll(async () => pool.end());

  async function inTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const value = await fn(client);
      // Hold the transaction open a few round trips, so others queue on its row.
      for (let turn = 0; turn < 3; turn++) await client.query('SELECT 1');
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  it(`of ${RACERS} transactions counting at once, exactly one fires and every count lands`, async () => {
    const results = await Promise.all(Array.from({ length: RACERS }, (_, n) => inTransaction((client) => alertRepo(client).count('tx-key', 1, [`u${n}`], 5, 600_000, NOW))));
    expect(results.filter((result) => result.fired)).toHaveLength(1);
    expect(results.map((result) => result.count).sort((a, b) => a - b)).toEqual(Array.from({ length: RACERS }, (_, n) => n + 1));
    const final = await alertRepo(pool).count('tx-key', 0, [], 5, 600_000, NOW);
    expect([final.count, [...final.subjects].sort()]).toEqual([RACERS, Array.from({ length: RACERS }, (_, n) => `u${n}`).sort()]);
  });

  it('keeps every patch of settings updates made in parallel transactions', async () => {
    await Promise.all([
      inTransaction((client) => alertRepo(client).update({ mass_reset: { threshold: 42 } })),
      inTransaction((client) => alertRepo(client).update({ push_fatigue: { lock_push: true } })),
      inTransaction((client) => alertRepo(client).update({ push_fatigue: { window_s: 30 } })),
      inTransaction((client) => alertRepo(client).update({ mass_reset: { window_s: 120 } })),
    ]);
    expect(await alertRepo(pool).settings()).toEqual({ mass_reset: { threshold: 42, window_s: 120 }, push_fatigue: { ...DEFAULT_ALERT_SETTINGS.push_fatigue, lock_push: true, window_s: 30 } });
  });

  it('loses no results of progress made in parallel transactions', async () => {
    await jobRepo(pool).insert({ id: 'job_tx', type: 'users_export', status: 'pending', params: {}, total: 1000, processed: 0, results: [], created_at: NOW, completed_at: null });
    await Promise.all(Array.from({ length: RACERS }, (_, n) => inTransaction((client) => jobRepo(client).progress('job_tx', [{ n }], n, NOW))));
    const results = (await jobRepo(pool).find('job_tx'))!.results as { n: number }[];
    expect(results.map((result) => result.n).sort((a, b) => a - b)).toEqual(Array.from({ length: RACERS }, (_, n) => n));
  });
});
