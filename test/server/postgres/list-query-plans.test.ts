import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseQuery } from '../../../server/services/lucene.js';
import { parseUserQuery } from '../../../server/services/user-query.js';
import { auditLogRepo } from '../../../server/store/postgres/audit-log.js';
import { authenticatorRepo } from '../../../server/store/postgres/authenticators.js';
import { mfaTransactionRepo } from '../../../server/store/postgres/mfa-transactions.js';
import { createPostgresPool } from '../../../server/store/postgres/pool.js';
import type { Queryable } from '../../../server/store/postgres/queryable.js';
import { userRepo } from '../../../server/store/postgres/users.js';
import { explain, recording, type PlanNode, type Recorded } from '../../helpers/postgres-plans.js';
import { createTestDatabase, describePostgres } from '../../helpers/postgres.js';

/**
 * PostgreSQL's plans for the Management lists of issue 12's `lists` bench (users list, logs by type and by
 * user, a user's logs, a user's authentication methods), for the SQL the repositories really send, on
 * enough rows that reading a whole table or sorting it costs the planner more than an index would. A page
 * must come from an index in its order (no scan of the table, no sort of every match), so its cost does
 * not grow with the tenant; a total is a count over an index (PostgreSQL keeps no row counts), except one log
 * type's, which migration 017 keeps.
 */

const USERS = 20_000;
const LOG_TYPES = ['mfar', 'gd_auth_succeed', 'seotpft', 's'];

/** Every node of a plan: `Seq Scan on logs`, `Index Scan using logs_type`, `Sort`, `Limit`… */
function nodes(plan: PlanNode): string[] {
  const own = plan['Relation Name'] ? `${plan['Node Type']} on ${plan['Relation Name']}` : plan['Index Name'] ? `${plan['Node Type']} using ${plan['Index Name']}` : plan['Node Type'];
  const index = plan['Index Name'] && plan['Relation Name'] ? [`${plan['Node Type']} using ${plan['Index Name']}`] : [];
  return [own, ...index, ...(plan.Plans ?? []).flatMap(nodes)];
}

const logTerms = (q: string) => parseQuery(q, { fields: ['type', 'user_id'], ranges: ['date'] });

describePostgres('the PostgreSQL schema serves the Management lists with indexes', () => {
  let pool: pg.Pool;
  const subject = 'auth0|u10000';

  async function plan({ text, values }: Recorded): Promise<string[]> {
    return nodes(await explain(pool, { text, values }));
  }

  async function plans(run: (q: Queryable) => Promise<unknown>): Promise<string[][]> {
    const sent: Recorded[] = [];
    await run(recording(pool, sent));
    return Promise.all(sent.map(plan));
  }

  beforeAll(async () => {
    pool = createPostgresPool(await createTestDatabase());
    await pool.query(
      `INSERT INTO users (user_id, email, password_hash, created_at, updated_at)
       SELECT 'auth0|u' || i, 'user' || i || '@example.com', 'x', i, i FROM generate_series(1, $1::int) AS i`,
      [USERS],
    );
    await pool.query(
      `INSERT INTO authenticators (id, user_id, kind, link_id, active, created_at)
       SELECT 'totp|dev_' || i, 'auth0|u' || i, 'totp', 'dev_' || i, TRUE, i FROM generate_series(2, $1::int, 2) AS i`,
      [USERS],
    );
    await pool.query(
      `INSERT INTO logs (log_id, type, date, user_id, details)
       SELECT 'l' || i || '_' || t, ($2::text[])[t], i * 4 + t, 'auth0|u' || i, '{}'
       FROM generate_series(1, $1::int) AS i, generate_series(1, 4) AS t ORDER BY i, t`,
      [USERS, LOG_TYPES],
    );
    // The newest entries all of one other type, as after a burst of logins: a page of `seotpft` newest
    // first that walked logs_pkey would read all of these before its first match.
    await pool.query(
      `INSERT INTO logs (log_id, type, date, user_id, details)
       SELECT 'burst' || i, 'gd_auth_succeed', $1::bigint * 4 + 4 + i, NULL, '{}' FROM generate_series(1, $1::int) AS i`,
      [USERS],
    );
    await pool.query(
      `INSERT INTO mfa_transactions (token_digest, user_id, client_id, audience, scope, created_at, expires_at)
       SELECT 'm' || i, 'auth0|u' || i, 'app', 'https://api', 'openid', i, i + 600000 FROM generate_series(1, $1::int) AS i`,
      [USERS],
    );
    await pool.query('VACUUM ANALYZE users, authenticators, logs, log_type_counts, mfa_transactions');
  });
  afterAll(() => pool.end());

  const list = (descending = false) => ({ terms: parseUserQuery(''), sort: { field: 'created_at' as const, descending }, offset: 0, limit: 50, withTotal: true });
  /** A page read from an index in the statement's order: a LIMIT over an index scan, no sort, no whole-table read. */
  const PAGE_FROM = (index: string) => [expect.stringMatching(/^Limit$/), expect.stringMatching(/^Index (Only )?Scan on /), `Index Scan using ${index}`];

  it('the users list (search with no terms, the default order) pages through users_created and counts without sorting', async () => {
    const [page, count] = await plans((q) => userRepo(q).search(list()));
    expect(page).toEqual(PAGE_FROM('users_created'));
    expect(count).not.toContain('Sort');
  });

  it('the users page (the export order) pages through users_created', async () => {
    const [page] = await plans((q) => userRepo(q).page(0, 50));
    expect(page).toEqual(PAGE_FROM('users_created'));
  });

  it.each([
    ['logs by type', () => ({ terms: logTerms('type:seotpft') })],
    ['logs by user', () => ({ terms: logTerms(`user_id:"${subject}"`) })],
    ["a user's logs", () => ({ userId: subject })],
  ])('%s: newest first, from an index in seq order, and a count over an index', async (_name, filter) => {
    const [page, count] = await plans((q) => auditLogRepo(q).page(filter(), 0, 50, false, true));
    expect(page![0]).toBe('Limit');
    expect(page).not.toContain('Sort');
    expect(page).not.toContain('Seq Scan on logs');
    expect(count).not.toContain('Seq Scan on logs');
  });

  it.each([
    ['newest first', false],
    ['oldest first', true],
  ])("logs by type, %s: the page from logs_type in its order, the total from log_type_counts (migration 017), never from logs", async (_name, ascending) => {
    const [page, total] = await plans((q) => auditLogRepo(q).page({ terms: logTerms('type:seotpft') }, 0, 50, ascending, true));
    expect(page).toEqual(PAGE_FROM('logs_type'));
    expect(total!.filter((node) => node.endsWith(' on logs'))).toEqual([]);
    expect(total).toContainEqual(expect.stringMatching(/ on log_type_counts$/));
  });

  it("a user's authentication methods: only that user's rows, through authenticators_user", async () => {
    const [read] = await plans((q) => authenticatorRepo(q).forUser(subject));
    expect(read).toContain('Index Scan using authenticators_user');
    expect(read).not.toContain('Seq Scan on authenticators');
  });

  it("GET /mfa/authenticators' listing: the transaction and its user by their keys, the authenticators through authenticators_user", async () => {
    const [read] = await plans(async (q) => expect((await mfaTransactionRepo(q).findListing('m10000', 'email'))?.authenticators.map((row) => row.id)).toEqual(['totp|dev_10000']));
    expect(read).toEqual(expect.arrayContaining(['Index Scan using mfa_transactions_pkey', 'Index Scan using users_pkey', 'Index Scan using authenticators_user']));
    // The factors table holds one row per factor: the planner may read it whole.
    expect(read!.filter((node) => node.startsWith('Seq Scan') && node !== 'Seq Scan on factors')).toEqual([]);
  });
});
