import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseUserQuery } from '../../../server/services/user-query.js';
import { userRepo } from '../../../server/store/postgres/users.js';
import { createPostgresPool } from '../../../server/store/postgres/pool.js';
import type { UserSearch } from '../../../server/store/queries.js';
import { explain, recording, type PlanNode, type Recorded } from '../../helpers/postgres-plans.js';
import { createTestDatabase, describePostgres } from '../../helpers/postgres.js';

/**
 * PostgreSQL's plans for the SQL the store really sends (recorded from the repository, not copied here),
 * on enough users that a sequential scan costs the planner more than an index would.
 */

const USERS = 20_000;

/** Every plan node's table and index reads: `Seq Scan on users`, `Bitmap Index Scan using users_email_folded`. */
function scans(plan: PlanNode): string[] {
  const own = [
    ...(plan['Relation Name'] ? [`${plan['Node Type']} on ${plan['Relation Name']}`] : []),
    ...(plan['Index Name'] ? [`${plan['Node Type']} using ${plan['Index Name']}`] : []),
  ];
  return [...own, ...(plan.Plans ?? []).flatMap(scans)];
}

const search = (q: string): UserSearch => ({ terms: parseUserQuery(q), sort: { field: 'created_at', descending: false }, offset: 0, limit: 50, withTotal: true });

describePostgres('the PostgreSQL schema serves the user search with indexes', () => {
  let pool: pg.Pool;
  beforeAll(async () => {
    // The store's own pool (its BIGINT parser: the repository counts as numbers); ended below.
    pool = createPostgresPool(await createTestDatabase());
    await pool.query(
      `INSERT INTO users (user_id, email, password_hash, created_at, updated_at)
       SELECT 'auth0|u' || i, 'User' || i || '@Example.com', 'x', i, i FROM generate_series(1, $1::int) AS i`,
      [USERS],
    );
    await pool.query('ANALYZE users');
  });
  afterAll(() => pool.end());

  it.each([
    ['an e-mail, exactly (ignoring ASCII case)', 'email:"user1234@EXAMPLE.com"', ['auth0|u1234']],
    ['an e-mail prefix', 'email:USER1234*', ['auth0|u1234', ...Array.from({ length: 10 }, (_, i) => `auth0|u1234${i}`)]],
  ])('%s', async (_name, q, expected) => {
    const sent: Recorded[] = [];
    const page = await userRepo(recording(pool, sent)).search(search(q));
    // The plans are only worth reading if the statements still find what the contract says they do.
    expect(page.users.map((user) => user.user_id).sort()).toEqual([...expected].sort());
    expect(page.total).toBe(expected.length);
    expect(sent).toHaveLength(2);
    for (const statement of sent) {
      const nodes = scans(await explain(pool, statement));
      expect(nodes).not.toContain('Seq Scan on users');
      expect(nodes).toContainEqual(expect.stringMatching(/ using users_email_folded$/));
    }
  });
});
