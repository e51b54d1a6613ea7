import pg from 'pg';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { eventLoopTurns, manualTimers, pollUntil } from '../../helpers/manual-timers.js';
import { listAuthenticators, mfaTenant, otpGrant, type MfaTenant } from '../../helpers/mfa.js';
import { describePostgres } from '../../helpers/postgres.js';
import { buildTestServer, createUser, enrollOtp, json, loginForMfaToken, managementToken, mgmt, oathtool, type Enrollment, type TestServer } from '../../helpers/server.js';

/**
 * What the hot MFA requests send to PostgreSQL, statement by statement: each is a round trip and a share
 * of both processes' CPU (issue 12 on PostgreSQL), so a read that comes back, or a new one, shows here.
 * Every statement the pool or a transaction's client runs passes through pg.Client's `query`.
 */
async function statementsOf(request: () => Promise<unknown>): Promise<string[]> {
  const texts: string[] = [];
  const query = pg.Client.prototype.query;
  const spy = vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function recorded(this: pg.Client, ...args: unknown[]) {
    const statement = args[0] as string | { text: string };
    texts.push((typeof statement === 'string' ? statement : statement.text).trim().split('\n')[0]!);
    return (query as (...values: unknown[]) => unknown).apply(this, args);
  } as typeof query);
  try {
    await request();
    // What the request set off after its response: the log-stream worker's wake runs a turn after a commit.
    await eventLoopTurns();
  } finally {
    spy.mockRestore();
  }
  return texts;
}

/**
 * The log-stream worker's read of the streams (server/services/log-stream-worker.ts). It ran after every
 * commit with audit rows; now at most once per window of its list, which never ends in these tests.
 */
const KICK = 'SELECT * FROM log_streams ORDER BY created_at, id';
const USER_READ = 'SELECT * FROM users WHERE user_id = $1';
/** The login time, recorded by the statement that reads the user back (users.recordLoginOf). */
const LOGIN = 'UPDATE users SET logins_count = logins_count + 1, last_login = $1 WHERE user_id = $2 AND NOT blocked RETURNING *';
/** The first line of `findListing`'s statement: the transaction, its user, the factor switch and the authenticators as one JSON value. */
const LISTING = "SELECT json_build_object('token_digest', t.token_digest, 'user_id', t.user_id,";
const LOG_ROWS = 'WITH seq_lock AS (SELECT pg_advisory_xact_lock($1::bigint))';

describePostgres('statements per MFA request on PostgreSQL', () => {
  let server: TestServer;
  let tenant: MfaTenant;
  let enrollment: Enrollment;
  beforeEach(async () => {
    const listTimers = manualTimers();
    server = await buildTestServer({ engine: 'postgres', logStreamIo: { listTimers } });
    // The start-up read of the stream list opens the window.
    await pollUntil(() => listTimers.pending() === 1, 'the log-stream worker to read its list');
    tenant = await mfaTenant(server.app);
    enrollment = await enrollOtp(server, tenant.client);
  });
  afterEach(() => server.close());

  it('GET /mfa/authenticators with an mfa_token: one statement reads the transaction, the authenticators, the email factor switch', async () => {
    const statements = await statementsOf(async () => expect((await listAuthenticators(server.app, enrollment.mfaToken)).statusCode).toBe(200));
    expect(statements).toHaveLength(1);
    expect(statements[0]).toBe(LISTING);
  });

  it('an mfa-otp verify reads the transaction, the factor switch and the authenticators at once, the user with its login, writes its log rows at once, and commits in one transaction', async () => {
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    const statements = await statementsOf(async () =>
      expect((await otpGrant(server.app, tenant.client, mfaToken, oathtool(enrollment.secret, server.clock.now()))).statusCode).toBe(200),
    );
    expect(statements).not.toContain(KICK);
    expect(statements.filter((text) => text === USER_READ)).toHaveLength(0);
    expect(statements.filter((text) => text === LOGIN)).toHaveLength(1);
    expect(statements.filter((text) => text === LOG_ROWS)).toHaveLength(1);
    expect(statements.filter((text) => text.startsWith('SELECT * FROM mfa_transactions'))).toHaveLength(0);
    expect(statements.filter((text) => text === LISTING)).toHaveLength(1);
    expect(statements.filter((text) => text.includes('FROM factors') || text.includes('FROM authenticators'))).toHaveLength(0);
    expect(statements.filter((text) => text.startsWith('BEGIN'))).toHaveLength(1);
    expect(statements.filter((text) => text === 'COMMIT')).toHaveLength(1);
    // Client; the transaction with the factor switch and the authenticators; BEGIN, take an attempt, spend
    // the step, refund the attempt, the login (which reads the user back), the log rows (one statement); COMMIT.
    expect(statements).toHaveLength(9);
  });
  it('a password grant that needs MFA reads the client and the user once each, and the authenticators once', async () => {
    const statements = await statementsOf(async () => expect(await loginForMfaToken(server.app, tenant.client)).toMatch(/\S/));
    expect(statements).not.toContain(KICK);
    expect(statements.filter((text) => text === USER_READ)).toHaveLength(0);
    expect(statements.filter((text) => text.startsWith('SELECT * FROM clients'))).toHaveLength(1);
    expect(statements.filter((text) => text.includes('FROM authenticators'))).toHaveLength(1);
    expect(statements.filter((text) => text === LOG_ROWS)).toHaveLength(1);
    // Client, user by email and beside it the name as the database lowers it (the password limit's key),
    // take an attempt, reset the bucket, the MFA policy, the MFA transaction, the authenticators (the
    // challenge offered, and whether the user is enrolled, for the log row), the log row.
    expect(statements.filter((text) => text === 'SELECT lower($1::text) AS name')).toHaveLength(1);
    expect(statements).toHaveLength(9);
  });
  it('a page of GET /api/v2/users costs the same statements for 2 users as for 4: whose multifactor to show is one read', async () => {
    for (const email of ['bob@example.com', 'cy@example.com', 'di@example.com']) await createUser(server.app, email);
    const token = await managementToken(server.app);
    const page = async (perPage: number) => {
      let body: unknown;
      const statements = await statementsOf(async () => {
        const response = await mgmt(server.app, 'GET', `/api/v2/users?per_page=${perPage}&sort=email:1`, undefined, token);
        expect(response.statusCode).toBe(200);
        body = json(response);
      });
      const shown = (body as { email: string; multifactor?: string[] }[]).map(({ email, multifactor }) => [email, multifactor ?? null]);
      return { statements, shown };
    };
    const two = await page(2);
    const four = await page(4);
    expect(two.shown).toEqual([['ada@example.com', ['guardian']], ['bob@example.com', null]]);
    expect(four.shown).toEqual([['ada@example.com', ['guardian']], ['bob@example.com', null], ['cy@example.com', null], ['di@example.com', null]]);
    expect(four.statements).toEqual(two.statements);
    expect(four.statements.filter((text) => text.includes('FROM authenticators'))).toHaveLength(1);
  });
});
