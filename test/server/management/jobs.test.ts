import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  adminApi,
  auditRows,
  authenticatorRows,
  expectStatus,
  invalidBody,
  iso,
  mgmtError,
  seedClient,
  seedUser,
  snapshot,
  T0_MS,
  turnOnMfa,
  waitForJob,
  type AdminCall,
  type SeededUser,
} from '../../helpers/mfa-admin.js';
import { executeSql } from '../../helpers/db.js';
import { ADMIN, buildTestServer, enrollOtp, json, PASSWORD, tokenRequest, type TestClient, type TestServer } from '../../helpers/server.js';

const JOB_ID = expect.stringMatching(/^job_[A-Za-z0-9]{16}$/);
const JOB_NOT_FOUND = mgmtError(404, 'inexistent_job', 'Job not found.');
const RESET_DESCRIPTION = 'Delete all authenticators (bulk MFA reset)';

interface ResetResult {
  user_id: string;
  email: string;
  authenticators: { id: string; type: string }[];
}

interface Job {
  id: string;
  status: string;
  results: ResetResult[];
  [key: string]: unknown;
}

interface Tenant {
  admin: AdminCall;
  client: TestClient;
  /** team-a, team-b, team-c, other-d, other-e; a, b and d enrolled with OTP (and a recovery code). */
  users: SeededUser[];
}

/** Five users created a second apart, three of them enrolled. */
async function seedTenant(server: TestServer): Promise<Tenant> {
  const admin = await adminApi(server.app);
  await turnOnMfa(admin);
  const client = await seedClient(admin);
  const users: SeededUser[] = [];
  for (const name of ['team-a', 'team-b', 'team-c', 'other-d', 'other-e']) {
    users.push(await seedUser(admin, `${name}@example.com`));
    server.clock.advance(1000);
  }
  for (const index of [0, 1, 3]) await enrollOtp(server, client, users[index]?.email);
  return { admin, client, users };
}

/** What resetting `user` would remove, read from the database, not from the server's answer. */
async function planFor(server: TestServer, user: SeededUser): Promise<ResetResult> {
  return { user_id: user.user_id, email: user.email, authenticators: (await authenticatorRows(server, user.user_id)).map((row) => ({ id: row.id, type: row.kind })) };
}

const reset = (admin: AdminCall, body: unknown) => admin('POST', '/api/v2/jobs/mfa-reset', body);

describe('Management API: bulk MFA reset jobs', () => {
  let server: TestServer;
  let tenant: Tenant;
  beforeEach(async () => {
    server = await buildTestServer();
    tenant = await seedTenant(server);
  });
  afterEach(() => server.close());

  it('a dry run lists exactly what each user would lose and deletes nothing; the real run then removes exactly that', async () => {
    const { admin, users } = tenant;
    const ids = users.map((user) => user.user_id);
    const plans = await Promise.all(users.map((user) => planFor(server, user)));
    expect(plans.map((plan) => plan.authenticators.map((a) => a.type))).toEqual([
      ['recovery-code', 'totp'],
      ['recovery-code', 'totp'],
      [],
      ['recovery-code', 'totp'],
      [],
    ]);
    const now = iso(server.clock.now());
    const before = await snapshot(server, { logs: false });

    const dry = await reset(admin, { user_ids: ids, dry_run: true });
    expect(dry.statusCode).toBe(201);
    const dryJob = json(dry) as Job;
    expect(dryJob).toEqual({
      id: JOB_ID,
      type: 'mfa_reset',
      status: 'completed',
      dry_run: true,
      created_at: now,
      completed_at: now,
      summary: { total: 5, processed: 5, authenticators_removed: 6 },
      results: plans,
    });
    expect(json(await admin('GET', `/api/v2/jobs/${dryJob.id}`))).toEqual(dryJob);
    const { jobs: _jobs, ...unchanged } = await snapshot(server, { logs: false });
    const { jobs: _none, ...beforeWithoutJobs } = before;
    expect(unchanged).toEqual(beforeWithoutJobs);

    server.clock.advance(5000);
    const started = await reset(admin, { user_ids: ids });
    expect(started.statusCode).toBe(201);
    const job = json(started) as Job;
    expect(job).toEqual({
      id: JOB_ID,
      type: 'mfa_reset',
      status: 'pending',
      dry_run: false,
      created_at: iso(server.clock.now()),
      summary: { total: 5, processed: 0, authenticators_removed: 0 },
      results: [],
    });
    expect(job.id).not.toBe(dryJob.id);

    const done = await waitForJob(admin, job.id);
    expect(done).toEqual({
      ...job,
      status: 'completed',
      completed_at: iso(server.clock.now()),
      summary: { total: 5, processed: 5, authenticators_removed: 6 },
      results: dryJob.results,
    });
    for (const user of users) expect(await authenticatorRows(server, user.user_id)).toEqual([]);
    expect((await auditRows(server, 'sapi')).filter((row) => row.description === RESET_DESCRIPTION)).toEqual(
      plans.map((plan) => ({
        type: 'sapi',
        description: RESET_DESCRIPTION,
        user_id: plan.user_id,
        client_id: ADMIN.clientId,
        details: { job_id: job.id, authenticators: plan.authenticators },
      })),
    );
    expect((await auditRows(server, 'sapi')).filter((row) => row.description?.startsWith('Bulk MFA reset'))).toEqual([
      { type: 'sapi', description: 'Bulk MFA reset (dry run)', user_id: null, client_id: ADMIN.clientId, details: { job_id: dryJob.id, users: 5 } },
      { type: 'sapi', description: 'Bulk MFA reset started', user_id: null, client_id: ADMIN.clientId, details: { job_id: job.id, users: 5 } },
    ]);

    // A reset user is asked to enroll again.
    const login = await tokenRequest(server.app, {
      grant_type: 'password',
      client_id: tenant.client.client_id,
      client_secret: tenant.client.client_secret,
      username: users[0]?.email ?? '',
      password: PASSWORD,
    });
    expect(json(login)).toMatchObject({ error: 'mfa_required', mfa_requirements: { enroll: [{ type: 'otp' }] } });
  });

  it('resets only the users named, leaving the others enrolled', async () => {
    const { admin, users } = tenant;
    const [a, , , d] = users as [SeededUser, SeededUser, SeededUser, SeededUser];
    const keep = await authenticatorRows(server, d.user_id);
    const job = json(await reset(admin, { user_ids: [a.user_id] })) as Job;
    await waitForJob(admin, job.id);
    expect(await authenticatorRows(server, a.user_id)).toEqual([]);
    expect(await authenticatorRows(server, d.user_id)).toEqual(keep);
  });

  it.each([
    ['a prefix', 'email:team*'],
    ['a prefix in another case', 'email:TEAM-*'],
    ['a quoted prefix', 'email:"team-"*'],
    ['prefixes joined by AND', 'email:team* AND email:team-*'],
  ])('selects users by a q search with %s (%s), oldest first', async (_label, q) => {
    const { admin, users } = tenant;
    const response = await reset(admin, { q, dry_run: true });
    expect(response.statusCode).toBe(201);
    expect(json(response)).toMatchObject({ summary: { total: 3, processed: 3, authenticators_removed: 4 }, results: await Promise.all(users.slice(0, 3).map((user) => planFor(server, user))) });
  });

  it.each([
    ['an exact email', 'email:"other-d@example.com"', [3]],
    ['a user_id', (users: SeededUser[]) => `user_id:"${users[4]?.user_id ?? ''}"`, [4]],
    ['a wildcard inside quotes (Lucene: literal, so nobody)', 'email:"team-*"', []],
    ['a prefix that matches nobody', 'email:zzz*', []],
  ])('selects by %s', async (_label, q, indexes) => {
    const { admin, users } = tenant;
    const search = typeof q === 'string' ? q : q(users);
    const job = json(await reset(admin, { q: search, dry_run: true })) as Job;
    expect(job.results).toEqual(await Promise.all(indexes.map((index) => planFor(server, users[index] as SeededUser))));
  });

  it.each(['*:*', '*', ' *:* '])('selects every user only when asked explicitly, with the match-all q %j', async (q) => {
    const { admin, users } = tenant;
    const job = json(await reset(admin, { q, dry_run: true })) as Job;
    expect(job.results).toEqual(await Promise.all(users.map((user) => planFor(server, user))));
  });

  it('a real run by q removes only the matching users', async () => {
    const { admin, users } = tenant;
    const others = await Promise.all(users.slice(3).map((user) => authenticatorRows(server, user.user_id)));
    const job = json(await reset(admin, { q: 'email:team*' })) as Job;
    const done = await waitForJob(admin, job.id);
    expect(done.summary).toEqual({ total: 3, processed: 3, authenticators_removed: 4 });
    for (const user of users.slice(0, 3)) expect(await authenticatorRows(server, user.user_id)).toEqual([]);
    expect(await Promise.all(users.slice(3).map((user) => authenticatorRows(server, user.user_id)))).toEqual(others);
  });

  it.each<[string, (users: SeededUser[]) => unknown, unknown]>([
    ['both user_ids and q', (users) => ({ user_ids: [users[0]?.user_id], q: 'email:team*' }), invalidBody('exactly one of user_ids or q is required')],
    ['neither user_ids nor q', () => ({ dry_run: true }), invalidBody('exactly one of user_ids or q is required')],
    ['an unknown user id', (users) => ({ user_ids: [users[0]?.user_id, 'auth0|000000000000000000000000'] }), invalidBody('unknown user_id auth0|000000000000000000000000')],
    ['a q on an unsupported field', () => ({ q: 'password_hash:x*' }), invalidBody('Unsupported query field: password_hash')],
    ['a q with OR', () => ({ q: 'email:a* OR email:b*' }), invalidBody('Unsupported query term: OR')],
    ['an empty user_ids', () => ({ user_ids: [] }), invalidBody("'must NOT have fewer than 1 items' on property user_ids")],
    ['an empty q', () => ({ q: '' }), invalidBody("'must NOT have fewer than 1 characters' on property q")],
    ...[' ', '\t', 'AND', ' AND  AND '].map((q): [string, () => unknown, unknown] => [
      `a q with no term (${JSON.stringify(q)})`,
      () => ({ q, dry_run: true }),
      invalidBody('q has no search term; to select every user, send q "*:*"'),
    ]),
    ...['OR', 'NOT', '()'].map((q): [string, () => unknown, unknown] => [`a q of only ${q}`, () => ({ q, dry_run: true }), invalidBody(`Unsupported query term: ${q}`)]),
    [
      'a user id twice',
      (users) => ({ user_ids: [users[0]?.user_id, users[0]?.user_id] }),
      invalidBody("'must NOT have duplicate items (items ## 1 and 0 are identical)' on property user_ids"),
    ],
    ['dry_run as a string', (users) => ({ user_ids: [users[0]?.user_id], dry_run: 'true' }), invalidBody("'Expected type boolean but found type string' on property dry_run")],
    ['an unknown property', (users) => ({ user_ids: [users[0]?.user_id], force: true }), invalidBody("'Additional properties not allowed: force'")],
  ])('refuses %s: 400, no job, nothing changed', async (_label, body, expected) => {
    const before = await snapshot(server);
    const response = await reset(tenant.admin, body(tenant.users));
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(expected);
    expect(await snapshot(server)).toEqual(before);
  });

  it('answers 404 for an unknown job', async () => {
    for (const id of ['job_0000000000000000', 'nope']) {
      const response = await tenant.admin('GET', `/api/v2/jobs/${id}`);
      expect(response.statusCode).toBe(404);
      expect(json(response)).toEqual(JOB_NOT_FOUND);
    }
  });
});

describe('Management API: a reset job interrupted by a restart', () => {
  let first: TestServer;
  let firstOpen: boolean;
  let second: TestServer | undefined;
  beforeEach(async () => {
    first = await buildTestServer();
    firstOpen = true;
    second = undefined;
  });
  afterEach(async () => {
    if (firstOpen) await first.close();
    await second?.close();
  });

  /** Closes the first server, writes `jobs` into its database, and starts a second server on it. */
  async function restartWith(jobs: Record<string, unknown>[], beforeRestart: (stopped: TestServer) => Promise<void> = async () => {}): Promise<TestServer> {
    await first.close({ keepFiles: true });
    firstOpen = false;
    for (const job of jobs) {
      await executeSql(
        first,
        `INSERT INTO jobs (id, type, status, params, total, processed, results, created_at, completed_at)
         VALUES ($1, 'mfa_reset', $2, $3, $4, $5, $6, $7, NULL)`,
        job.id, job.status, job.params, job.total, job.processed, job.results, job.created_at,
      );
    }
    await beforeRestart(first);
    second = await buildTestServer({ dbPath: first.dbPath, dataKey: first.dataKey, clock: first.clock });
    return second;
  }

  it('a pending job left in the database completes once the server starts', async () => {
    const tenant = await seedTenant(first);
    const targets = [tenant.users[0], tenant.users[2], tenant.users[3]] as SeededUser[];
    const plans = await Promise.all(targets.map((user) => planFor(first, user)));
    const untouched = await authenticatorRows(first, tenant.users[1]?.user_id);

    const restarted = await restartWith([
      {
        id: 'job_pendingBeforeCrash',
        status: 'pending',
        params: JSON.stringify({ user_ids: targets.map((user) => user.user_id), dry_run: false, initiator: ADMIN.clientId }),
        total: 3,
        processed: 0,
        results: '[]',
        created_at: T0_MS,
      },
    ]);
    const admin = await adminApi(restarted.app);
    const done = await waitForJob(admin, 'job_pendingBeforeCrash');
    expect(done).toEqual({
      id: 'job_pendingBeforeCrash',
      type: 'mfa_reset',
      status: 'completed',
      dry_run: false,
      created_at: iso(T0_MS),
      completed_at: iso(restarted.clock.now()),
      summary: { total: 3, processed: 3, authenticators_removed: 4 },
      results: plans,
    });
    for (const user of targets) expect(await authenticatorRows(restarted, user.user_id)).toEqual([]);
    expect(await authenticatorRows(restarted, tenant.users[1]?.user_id)).toEqual(untouched);
  });

  it('a job stopped part-way resumes from its cursor: the users already done are not processed again', async () => {
    const tenant = await seedTenant(first);
    const [a, b, , d] = tenant.users as [SeededUser, SeededUser, SeededUser, SeededUser];
    const plans = await Promise.all([a, b, d].map((user) => planFor(first, user)));

    const restarted = await restartWith(
      [
        {
          id: 'job_halfDoneBeforeCrash',
          status: 'processing',
          params: JSON.stringify({ user_ids: [a.user_id, b.user_id, d.user_id], dry_run: false, initiator: ADMIN.clientId }),
          total: 3,
          processed: 1,
          results: JSON.stringify([plans[0]]),
          created_at: T0_MS,
        },
      ],
      // The first user's batch had committed before the crash.
      (stopped) => executeSql(stopped, 'DELETE FROM authenticators WHERE user_id = $1', a.user_id),
    );
    const done = await waitForJob(await adminApi(restarted.app), 'job_halfDoneBeforeCrash');
    expect(done).toMatchObject({ status: 'completed', summary: { total: 3, processed: 3, authenticators_removed: 6 }, results: plans });
    for (const user of [a, b, d]) expect(await authenticatorRows(restarted, user.user_id)).toEqual([]);
    // Only the users after the cursor were reset (and logged) by the resumed run.
    expect((await auditRows(restarted, 'sapi')).filter((row) => row.description === RESET_DESCRIPTION).map((row) => row.user_id)).toEqual([b.user_id, d.user_id]);
  });

  it('an empty pending job completes with nothing to do', async () => {
    await seedTenant(first);
    const restarted = await restartWith([
      { id: 'job_emptyJob000000', status: 'pending', params: JSON.stringify({ user_ids: [], dry_run: false, initiator: null }), total: 0, processed: 0, results: '[]', created_at: T0_MS },
    ]);
    const done = await waitForJob(await adminApi(restarted.app), 'job_emptyJob000000');
    expect(done).toEqual({
      id: 'job_emptyJob000000',
      type: 'mfa_reset',
      status: 'completed',
      dry_run: false,
      created_at: iso(T0_MS),
      completed_at: iso(restarted.clock.now()),
      summary: { total: 0, processed: 0, authenticators_removed: 0 },
      results: [],
    });
  });

  it('answers 404 Job not found after a restart for a job that never existed', async () => {
    const restarted = await restartWith([]);
    const response = await (await adminApi(restarted.app))('GET', '/api/v2/jobs/job_neverExisted0000');
    expect(json(response)).toEqual(JOB_NOT_FOUND);
    expectStatus(response, 404);
  });
});
