import pg from 'pg';
import { expect, it } from 'vitest';
import { createTestDatabase, describePostgres, endTestPools, testPool } from '../../helpers/postgres.js';

const CONNECTIONS = 50;

/**
 * Fills a pool testPool made with `CONNECTIONS` idle connections, runs the clean-up's end of the file's
 * pools, and counts the backends still on the pool's database the moment it returns, from a connection
 * opened before (one opened after gives the backends time to go, whatever the clean-up waited for).
 */
async function backendsLeftAfterEnd(endFirst: boolean): Promise<{ backends: number }[]> {
  const url = await createTestDatabase();
  const observer = new pg.Client({ connectionString: await createTestDatabase() });
  await observer.connect();
  try {
    const pool = testPool(url, { max: CONNECTIONS });
    const clients = await Promise.all(Array.from({ length: CONNECTIONS }, () => pool.connect()));
    for (const client of clients) client.release();
    if (endFirst) await pool.end();
    await endTestPools();
    const { rows } = await observer.query<{ backends: number }>('SELECT count(*)::int AS backends FROM pg_stat_activity WHERE datname = $1', [new URL(url).pathname.slice(1)]);
    return rows;
  } finally {
    await observer.end();
  }
}

describePostgres('the test databases’ clean-up (test/helpers/postgres.ts)', () => {
  // pg.Pool's end() resolves once it has asked each connection to close. The clean-up then dropped the
  // database WITH (FORCE), which terminated the backends that had not read the request yet, and the pool
  // threw their 57P01 errors into the worker's next file.
  it(`has closed every connection of a file’s pool (${CONNECTIONS} of them) when it returns`, async () => {
    expect(await backendsLeftAfterEnd(false)).toEqual([{ backends: 0 }]);
  });

  it('waits for the connections of a pool the test had already ended', async () => {
    expect(await backendsLeftAfterEnd(true)).toEqual([{ backends: 0 }]);
  });
});
