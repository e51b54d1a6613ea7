import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresPool } from '../../../server/store/postgres/pool.js';
import { createTestDatabase, describePostgres, testPool } from '../../helpers/postgres.js';

describePostgres('the PostgreSQL store\'s pool', () => {
  let url: string;
  let pool: pg.Pool;
  const errors: Error[] = [];
  beforeAll(async () => {
    url = await createTestDatabase();
    pool = createPostgresPool(url, { max: 2, onError: (error) => errors.push(error) });
  });
  afterAll(() => pool.end());

  it('reads BIGINT millisecond times and counters as numbers', async () => {
    const when = Date.UTC(2026, 10, 23, 12, 0, 0);
    const result = await pool.query('SELECT $1::bigint AS at, 42::bigint AS n, 7::integer AS i', [when]);
    expect(result.rows).toEqual([{ at: when, n: 42, i: 7 }]);
  });

  it('refuses a BIGINT a number cannot hold exactly, rather than round it', async () => {
    await expect(pool.query('SELECT 9007199254740993::bigint AS n')).rejects.toThrow(
      new RangeError('BIGINT 9007199254740993 is outside the range a JavaScript number holds exactly.'),
    );
  });

  it('leaves pg\'s process-wide parsers alone: another pool still reads BIGINT as text', async () => {
    const other = testPool(url, { max: 1 });
    expect((await other.query('SELECT 42::bigint AS n')).rows).toEqual([{ n: '42' }]);
  });

  it('survives an idle connection being cut, reporting it, and goes on', async () => {
    const client = await pool.connect();
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    client.release();
    const admin = testPool(url, { max: 1 });
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await expect.poll(() => errors.map((error) => error.message), { timeout: 10_000, interval: 20 }).toEqual(['terminating connection due to administrator command']);
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
