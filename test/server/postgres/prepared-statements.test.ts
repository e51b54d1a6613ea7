import type pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { authenticatorRepo } from '../../../server/store/postgres/authenticators.js';
import { createPostgresStore } from '../../../server/store/postgres/index.js';
import { createPostgresPool } from '../../../server/store/postgres/pool.js';
import { prepared } from '../../../server/store/postgres/queryable.js';
import type { Store } from '../../../server/store/types.js';
import { createTestDatabase, describePostgres } from '../../helpers/postgres.js';
import { authenticatorRow, userRow } from '../../helpers/store-contract/account-rows.js';

const FOR_USER_TEXT = 'FROM authenticators WHERE user_id = $1';

describe('prepared', () => {
  it('names a text by its digest: the same text one name, another text another, within PostgreSQL’s 63-byte names', () => {
    const a = prepared('SELECT 1 WHERE $1::int = 1');
    expect(prepared('SELECT 1 WHERE $1::int = 1')).toEqual(a);
    expect(prepared('SELECT 2 WHERE $1::int = 1').name).not.toBe(a.name);
    expect(a.text).toBe('SELECT 1 WHERE $1::int = 1');
    expect(a.name).toMatch(/^t_[\w-]{22}$/);
  });
});

describePostgres('named statements on the PostgreSQL store', () => {
  let pool: pg.Pool;
  let store: Store;

  /** With `max: 1`, what the test reads of pg_prepared_statements is the store's one connection. */
  async function open(max: number): Promise<void> {
    pool = createPostgresPool(await createTestDatabase(), { max });
    store = createPostgresStore(pool);
    await store.users.insert(userRow('ann'));
    await store.authenticators.insert(authenticatorRow('a1', 'auth0|ann', { active: true }));
  }
  afterEach(() => store.close());

  /** Runs of the connection's prepared `forUser` statement (each run is one custom or generic plan). */
  async function forUserRuns(): Promise<number[]> {
    const rows = await pool.query<{ runs: number }>(
      'SELECT generic_plans + custom_plans AS runs FROM pg_prepared_statements WHERE strpos(statement, $1) > 0',
      [FOR_USER_TEXT],
    );
    return rows.rows.map((row) => row.runs);
  }

  it('prepares a hot statement once per connection and runs it again without parsing', async () => {
    await open(1);
    for (let i = 0; i < 3; i++) expect((await store.authenticators.forUser('auth0|ann')).map((row) => row.id)).toEqual(['totp|dev_a1']);
    expect(await forUserRuns()).toEqual([3]);
  });

  it('keeps a statement prepared in a transaction that rolled back, and uses it afterwards', async () => {
    await open(1);
    const failed = store.transaction(async (tx) => {
      expect(await tx.authenticators.forUser('auth0|ann')).toHaveLength(1);
      throw new Error('undo');
    });
    await expect(failed).rejects.toThrow('undo');
    expect(await store.authenticators.forUser('auth0|ann')).toHaveLength(1);
    expect(await forUserRuns()).toEqual([2]);
  });

  it('runs on every pooled connection, each preparing its own copy', async () => {
    await open(3);
    // Three connections checked out at once: each runs the repository's statements itself.
    const clients = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
    try {
      for (const client of clients) {
        const authenticators = authenticatorRepo(client);
        expect(await authenticators.forUser('auth0|ann')).toHaveLength(1);
        expect(await authenticators.forUser('auth0|ann')).toHaveLength(1);
        const mine = await client.query<{ runs: number }>(
          'SELECT generic_plans + custom_plans AS runs FROM pg_prepared_statements WHERE strpos(statement, $1) > 0',
          [FOR_USER_TEXT],
        );
        expect(mine.rows).toEqual([{ runs: 2 }]);
      }
    } finally {
      for (const client of clients) client.release();
    }
  });
});
