import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRANT_TYPES } from '../../../server/grants/types.js';
import {
  adminApi,
  ADMIN_CLIENT_NAME,
  expectStatus,
  INJECT_ORIGIN,
  invalidQuery,
  mgmtError,
  otpGrant,
  seedClient,
  seedUser,
  T0,
  turnOnMfa,
  USER_NOT_FOUND,
  wrongCode,
  type AdminCall,
  type SeededUser,
} from '../../helpers/mfa-admin.js';
import { queryRows } from '../../helpers/db.js';
import {
  ADMIN,
  buildTestServer,
  enrollOtp,
  json,
  loginForMfaToken,
  MGMT_AUDIENCE,
  oathtool,
  PASSWORD,
  tokenRequest,
  type Enrollment,
  type TestClient,
  type TestServer,
} from '../../helpers/server.js';

/** Audit log ids: the 15-digit zero-padded time, then 16 random hex digits. */
const LOG_ID = expect.stringMatching(/^\d{15}[0-9a-f]{16}$/);
const T1 = '2026-11-23T12:00:30.000Z';
const LOG_NOT_FOUND = mgmtError(404, 'inexistent_log', 'Log event not found.');

interface LogEvent {
  log_id: string;
  date: string;
  type: string;
  description: string | null;
  client_id?: string;
  client_name?: string;
  ip?: string;
  user_agent?: string;
  user_id?: string;
  user_name?: string;
  details: Record<string, unknown>;
}

interface Flow {
  admin: AdminCall;
  client: TestClient & { name: string };
  ada: SeededUser;
  grace: SeededUser;
  enrollment: Enrollment;
}

/**
 * A tenant with MFA on, Ada enrolled (at T0), then at T1 a wrong code and a right one for Ada and a
 * password step for Grace. One admin token, so the log holds exactly one `seccft`.
 */
async function loginFlow(server: TestServer): Promise<Flow> {
  const { app, clock } = server;
  const admin = await adminApi(app);
  await turnOnMfa(admin);
  const client = await seedClient(admin);
  const ada = await seedUser(admin, 'ada@example.com');
  const grace = await seedUser(admin, 'grace@example.com');
  const enrollment = await enrollOtp(server, client);
  const mfaToken = await loginForMfaToken(app, client);
  expectStatus(await otpGrant(app, client, mfaToken, wrongCode(enrollment.secret, clock.now())), 403);
  expectStatus(await otpGrant(app, client, mfaToken, oathtool(enrollment.secret, clock.now())), 200);
  await loginForMfaToken(app, client, {}, 'grace@example.com');
  return { admin, client, ada, grace, enrollment };
}

const query = (q: string) => `/api/v2/logs?q=${encodeURIComponent(q)}`;

async function logs(admin: AdminCall, url: string): Promise<LogEvent[]> {
  return expectStatus<LogEvent[]>(await admin('GET', url), 200);
}

describe('Management API: logs', () => {
  let server: TestServer;
  let flow: Flow;
  beforeEach(async () => {
    server = await buildTestServer();
    flow = await loginFlow(server);
  });
  afterEach(() => server.close());

  /** An event a user's login caused, as Auth0 shapes it (https://auth0.com/docs/deploy-monitor/logs/log-event-type-codes). */
  function loginEvent(user: SeededUser, type: string, description: string, date: string, details: Record<string, unknown> = {}): LogEvent {
    return {
      log_id: LOG_ID,
      date,
      type,
      description,
      client_id: flow.client.client_id,
      client_name: 'Test App',
      ...INJECT_ORIGIN,
      user_id: user.user_id,
      user_name: user.email,
      details,
    };
  }

  /** A Management API operation by the admin client: no end-user origin is recorded. */
  function adminEvent(type: string, description: string, details: Record<string, unknown>, user?: SeededUser): LogEvent {
    return {
      log_id: LOG_ID,
      date: T0,
      type,
      description,
      client_id: ADMIN.clientId,
      client_name: ADMIN_CLIENT_NAME,
      ...(user ? { user_id: user.user_id, user_name: user.email } : {}),
      details,
    };
  }

  /** Ada's two logins (enrollment at T0; a wrong then a right code at T1), newest first. */
  function adaLogins(): LogEvent[] {
    const { ada, enrollment } = flow;
    const otp = { authenticator: { id: enrollment.authenticatorId, type: 'otp' } };
    return [
      loginEvent(ada, 'seotpft', 'Successful exchange of Password and OTP Challenge for Access Token', T1),
      loginEvent(ada, 'gd_auth_succeed', 'MFA Auth success', T1, otp),
      loginEvent(ada, 'feotpft', 'Invalid OTP code', T1),
      loginEvent(ada, 'gd_auth_failed', 'MFA Auth failed', T1, { factor: 'otp', reason: 'Invalid OTP code' }),
      loginEvent(ada, 'mfar', 'Multi-factor authentication required', T1, { enrolled: true }),
      loginEvent(ada, 'seotpft', 'Successful exchange of Password and OTP Challenge for Access Token', T0),
      loginEvent(ada, 'gd_auth_succeed', 'MFA Auth success', T0, otp),
      loginEvent(ada, 'gd_enrollment_complete', 'MFA enrollment complete', T0, otp),
      loginEvent(ada, 'gd_start_enroll', 'MFA Enroll started', T0, otp),
      loginEvent(ada, 'mfar', 'Multi-factor authentication required', T0, { enrolled: false }),
    ];
  }

  /** Ada's events, newest first: her logins, then her account's creation. */
  function adaEvents(): LogEvent[] {
    return [...adaLogins(), adminEvent('sapi', 'Create a User', {}, flow.ada)];
  }

  /** Everything the flow logged, newest first. */
  function everyEvent(): LogEvent[] {
    const { grace } = flow;
    return [
      loginEvent(grace, 'mfar', 'Multi-factor authentication required', T1, { enrolled: false }),
      ...adaLogins(),
      adminEvent('sapi', 'Create a User', {}, grace),
      adminEvent('sapi', 'Create a User', {}, flow.ada),
      adminEvent('sapi', 'Create a Client', { client_id: flow.client.client_id }),
      adminEvent('gd_tenant_update', 'Guardian tenant update', { policies: ['all-applications'] }),
      adminEvent('gd_tenant_update', 'Guardian tenant update', { factor: 'recovery-code', enabled: true }),
      adminEvent('gd_tenant_update', 'Guardian tenant update', { factor: 'otp', enabled: true }),
      // The token request itself comes from the caller, so it carries an origin.
      { ...adminEvent('seccft', 'Successful exchange of Access Token for a Client Credentials Grant', { audience: MGMT_AUDIENCE }), ...INJECT_ORIGIN },
    ];
  }

  describe('GET /api/v2/logs', () => {
    it('lists every event, newest first, in the Auth0 shape', async () => {
      const all = await logs(flow.admin, '/api/v2/logs');
      expect(all).toEqual(everyEvent());
      expect(new Set(all.map((event) => event.log_id)).size).toBe(all.length);
    });

    it('filters by type, by user_id, and by both joined with AND', async () => {
      const { admin, ada, grace } = flow;
      expect(await logs(admin, query('type:"gd_auth_failed"'))).toEqual([
        loginEvent(ada, 'gd_auth_failed', 'MFA Auth failed', T1, { factor: 'otp', reason: 'Invalid OTP code' }),
      ]);
      expect(await logs(admin, query(`user_id:"${ada.user_id}"`))).toEqual(adaEvents());
      expect(await logs(admin, query(`user_id:"${grace.user_id}"`))).toEqual([
        loginEvent(grace, 'mfar', 'Multi-factor authentication required', T1, { enrolled: false }),
        adminEvent('sapi', 'Create a User', {}, grace),
      ]);
      expect(await logs(admin, query('type:mfar'))).toEqual(everyEvent().filter((event) => event.type === 'mfar'));
      expect(await logs(admin, query(`type:"mfar" AND user_id:"${ada.user_id}"`))).toEqual(adaEvents().filter((event) => event.type === 'mfar'));
      expect(await logs(admin, query(`type:mfar user_id:"${grace.user_id}"`))).toHaveLength(1);
    });

    it('takes search as another name for q (auth0@7 logs.list sends search), with paging and totals alike', async () => {
      const { admin, ada } = flow;
      const q = `type:"mfar" AND user_id:"${ada.user_id}"`;
      expect(await logs(admin, `/api/v2/logs?search=${encodeURIComponent(q)}`)).toEqual(await logs(admin, query(q)));
      expect(await logs(admin, `/api/v2/logs?search=${encodeURIComponent(q)}`)).toEqual(adaEvents().filter((event) => event.type === 'mfar'));
      const paged = `per_page=1&include_totals=true&sort=date:1`;
      expect(json(await admin('GET', `/api/v2/logs?search=type%3Amfar&${paged}`))).toEqual(json(await admin('GET', `${query('type:mfar')}&${paged}`)));
    });

    it('takes a parenthesised group of terms joined by OR, as the console sends several event types', async () => {
      const { admin, ada } = flow;
      const either = everyEvent().filter((event) => event.type === 'gd_auth_failed' || event.type === 'seotpft');
      expect(either.length).toBeGreaterThan(1);
      expect(await logs(admin, query('(type:gd_auth_failed OR type:"seotpft")'))).toEqual(either);
      expect(await logs(admin, query(`(type:gd_auth_failed OR type:seotpft) AND user_id:"${ada.user_id}"`))).toEqual(either.filter((event) => event.user_id === ada.user_id));
      expect(await logs(admin, query('(type:gd_auth*)'))).toEqual(await logs(admin, query('type:gd_auth*')));
    });

    it('filters by date ranges: inclusive, exclusive, open, a whole day for a bare date', async () => {
      const { admin } = flow;
      const at = (date: string) => everyEvent().filter((event) => event.date === date);
      const t0 = at(T0);
      const t1 = at(T1);
      expect(t0.length + t1.length).toBe(everyEvent().length);
      expect(await logs(admin, query(`date:[${T0} TO ${T0}]`))).toEqual(t0);
      expect(await logs(admin, query(`date:{${T0} TO *]`))).toEqual(t1);
      expect(await logs(admin, query(`date:[* TO ${T1}}`))).toEqual(t0);
      expect(await logs(admin, query(`date:[${T1} TO *]`))).toEqual(t1);
      expect(await logs(admin, query('date:[2026-11-23 TO 2026-11-23]'))).toEqual(everyEvent());
      expect(await logs(admin, query('date:{2026-11-22 TO 2026-11-24}'))).toEqual(everyEvent());
      expect(await logs(admin, query('date:{2026-11-23 TO *]'))).toEqual([]);
      expect(await logs(admin, query('date:[* TO 2026-11-23}'))).toEqual([]);
      expect(await logs(admin, query('date:[2026-11-23T12:00:01 TO 2026-11-23T13:00]'))).toEqual(t1);
      expect(await logs(admin, query('date:[2026-11-23T13:00:01+01:00 TO *]'))).toEqual(t1);
      expect(await logs(admin, query('date:[* TO *]'))).toEqual(everyEvent());
      expect(await logs(admin, query('type:mfar AND date:[2026-11-23T12:00:30Z TO *]'))).toEqual(t1.filter((event) => event.type === 'mfar'));
    });

    it('matches a prefix with field:value*', async () => {
      const types = (await logs(flow.admin, query('type:gd_auth*'))).map((event) => event.type);
      expect(types).toEqual(['gd_auth_succeed', 'gd_auth_failed', 'gd_auth_succeed']);
    });

    it('binds query values: quotes and LIKE wildcards in a value match nothing rather than everything', async () => {
      for (const q of [`type:"x' OR '1'='1"`, 'type:%*', 'type:_*', 'user_id:"%"']) {
        expect(await logs(flow.admin, query(q)), q).toEqual([]);
      }
    });

    it('sorts oldest first with sort=date:1', async () => {
      const newest = await logs(flow.admin, '/api/v2/logs');
      expect(await logs(flow.admin, '/api/v2/logs?sort=date:1')).toEqual([...newest].reverse());
      expect(await logs(flow.admin, '/api/v2/logs?sort=date:-1')).toEqual(newest);
    });

    it('pages with page and per_page, and wraps the page with include_totals', async () => {
      const all = await logs(flow.admin, '/api/v2/logs');
      expect(all.length).toBe(18);
      expect(await logs(flow.admin, '/api/v2/logs?page=1&per_page=5')).toEqual(all.slice(5, 10));
      expect(json(await flow.admin('GET', '/api/v2/logs?page=1&per_page=5&include_totals=true'))).toEqual({
        start: 5,
        limit: 5,
        length: 5,
        total: 18,
        logs: all.slice(5, 10),
      });
      expect(json(await flow.admin('GET', '/api/v2/logs?page=3&per_page=5&include_totals=true'))).toEqual({
        start: 15,
        limit: 5,
        length: 3,
        total: 18,
        logs: all.slice(15),
      });
      expect(json(await flow.admin('GET', `${query('type:mfar')}&per_page=2&include_totals=true&sort=date:1`))).toEqual({
        start: 0,
        limit: 2,
        length: 2,
        total: 3,
        logs: all.filter((event) => event.type === 'mfar').reverse().slice(0, 2),
      });
      expect(await logs(flow.admin, '/api/v2/logs?page=9&per_page=5')).toEqual([]);
    });

    it('checkpoint paging: from=<log_id>&take=N answers the next N after it, oldest first', async () => {
      const oldestFirst = await logs(flow.admin, '/api/v2/logs?sort=date:1');
      const from = oldestFirst[3]?.log_id ?? '';
      expect(await logs(flow.admin, `/api/v2/logs?from=${from}&take=4`)).toEqual(oldestFirst.slice(4, 8));
      expect(await logs(flow.admin, '/api/v2/logs?take=3')).toEqual(oldestFirst.slice(0, 3));
      expect(await logs(flow.admin, `/api/v2/logs?from=${oldestFirst.at(-1)?.log_id ?? ''}&take=10`)).toEqual([]);
      // With a filter, the checkpoint still counts from the named event.
      expect(await logs(flow.admin, `${query('type:mfar')}&from=${from}&take=10`)).toEqual(
        oldestFirst.slice(4).filter((event) => event.type === 'mfar'),
      );
    });

    it('walking the checkpoints visits every event exactly once, in order', async () => {
      const oldestFirst = await logs(flow.admin, '/api/v2/logs?sort=date:1');
      const visited: LogEvent[] = [];
      let checkpoint: string | undefined;
      for (let page = 0; page < 50; page += 1) {
        const batch = await logs(flow.admin, checkpoint === undefined ? '/api/v2/logs?take=3' : `/api/v2/logs?from=${checkpoint}&take=3`);
        if (batch.length === 0) break;
        visited.push(...batch);
        checkpoint = batch.at(-1)?.log_id;
      }
      expect(visited).toEqual(oldestFirst);
    });
  });

  describe('GET /api/v2/logs/{id}', () => {
    it('answers one event, the same as in the list', async () => {
      const all = await logs(flow.admin, '/api/v2/logs');
      for (const event of [all[0], all[5], all.at(-1)]) {
        const response = await flow.admin('GET', `/api/v2/logs/${event?.log_id ?? ''}`);
        expect(response.statusCode).toBe(200);
        expect(json(response)).toEqual(event);
      }
    });
  });

  describe('GET /api/v2/users/{id}/logs', () => {
    const userLogs = (userId: string, search = '') => `/api/v2/users/${encodeURIComponent(userId)}/logs${search}`;

    it("lists one user's events, newest first, the same as q=user_id", async () => {
      const { admin, ada } = flow;
      expect(await logs(admin, userLogs(ada.user_id))).toEqual(adaEvents());
      expect(await logs(admin, userLogs(ada.user_id, '?sort=date:1'))).toEqual(adaEvents().reverse());
    });

    it('pages with totals', async () => {
      const { admin, ada } = flow;
      expect(json(await admin('GET', userLogs(ada.user_id, '?page=2&per_page=4&include_totals=true')))).toEqual({
        start: 8,
        limit: 4,
        length: 3,
        total: 11,
        logs: adaEvents().slice(8),
      });
    });

    it('answers 404 for an unknown user, and 400 for a q it does not take', async () => {
      const unknown = await flow.admin('GET', userLogs('auth0|000000000000000000000000'));
      expect(unknown.statusCode).toBe(404);
      expect(json(unknown)).toEqual(USER_NOT_FOUND);
      const withQ = await flow.admin('GET', userLogs(flow.ada.user_id, '?q=type:mfar'));
      expect(withQ.statusCode).toBe(400);
      expect(json(withQ)).toEqual(invalidQuery("'Additional properties not allowed: q'"));
    });
  });
});

describe('Management API: logs, refused requests', () => {
  let server: TestServer;
  let admin: AdminCall;
  beforeEach(async () => {
    server = await buildTestServer();
    admin = await adminApi(server.app);
  });
  afterEach(() => server.close());

  it.each([
    ['q=foo:bar', 'Unsupported query field: foo'],
    [`q=${encodeURIComponent('type:"x" OR')}`, 'Unsupported query term: OR'],
    [`q=${encodeURIComponent('type:"x" OR type:"y"')}`, 'Unsupported query term: OR'],
    [`q=${encodeURIComponent('NOT type:x')}`, 'Unsupported query term: NOT'],
    ['q=type:', 'Unsupported query term: type:'],
    ['q=type:x*y', 'Unsupported query term: type:x*y'],
    [`q=${encodeURIComponent('(type:x')}`, 'Unsupported query term: ('],
    [`q=${encodeURIComponent('(type:x type:y)')}`, 'Unsupported query term: type:y'],
    [`q=${encodeURIComponent('(type:x OR (type:y))')}`, 'Unsupported query term: ('],
    [`q=${encodeURIComponent('(type:x OR)')}`, 'Unsupported query term: )'],
    [`q=${encodeURIComponent('type:x)')}`, 'Unsupported query term: )'],
    [`q=${encodeURIComponent('(date:[2026-01-01 TO *])')}`, 'Unsupported query term: date:[2026-01-01 TO *]'],
    [`q=${encodeURIComponent('date:[2026-02-30 TO *]')}`, 'Unsupported date: 2026-02-30'],
    [`q=${encodeURIComponent('date:[yesterday TO *]')}`, 'Unsupported date: yesterday'],
    [`q=${encodeURIComponent('date:[2026-01-01T10:00:00+0100 TO *]')}`, 'Unsupported date: 2026-01-01T10:00:00+0100'],
    [`q=${encodeURIComponent('type:[a TO b]')}`, 'Unsupported query term: type:[a TO b]'],
    [`q=${encodeURIComponent('date:[2026-01-01 TO]')}`, 'Unsupported query term: date:[2026-01-01 TO]'],
    ['q=details:x', 'Unsupported query field: details'],
    ['sort=date:2', "'must be equal to constant' on property sort"],
    ['per_page=101', "'must be <= 100' on property per_page"],
    ['page=-1', "'must be >= 0' on property page"],
    ['take=0', "'must be >= 1' on property take"],
    ['take=101', "'must be <= 100' on property take"],
    ['from=000000000000000ffffffffffffffff&take=5', 'unknown log_id in from'],
    ['fields=type', "'Additional properties not allowed: fields'"],
    ['q=type:mfar&search=type:mfar', 'use q or search, not both'],
    ['q=&search=type:mfar', 'use q or search, not both'],
    ['search=foo:bar', 'Unsupported query field: foo'],
    [`search=${encodeURIComponent('NOT type:x')}`, 'Unsupported query term: NOT'],
  ])('GET /api/v2/logs?%s → 400 invalid_query_string', async (search, detail) => {
    const response = await admin('GET', `/api/v2/logs?${search}`);
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(invalidQuery(detail));
  });

  it.each(['000000000000000ffffffffffffffff', 'nope', encodeURIComponent("' OR 1=1 --")])('answers 404 inexistent_log for %s', async (id) => {
    const response = await admin('GET', `/api/v2/logs/${id}`);
    expect(response.statusCode).toBe(404);
    expect(json(response)).toEqual(LOG_NOT_FOUND);
  });
});

describe('Management API: logs never hold a secret', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await buildTestServer();
  });
  afterEach(() => server.close());

  it('no event, on the wire or in the table, contains a password, code, secret or token used along the way', async () => {
    const { app, clock } = server;
    const flow = await loginFlow(server);
    const { admin, client, ada, enrollment } = flow;
    const secrets: string[] = [PASSWORD, ADMIN.clientSecret, client.client_secret, enrollment.secret, enrollment.mfaToken];
    if (enrollment.recoveryCode) secrets.push(enrollment.recoveryCode);

    // A wrong password, then a full login with tokens, wrong and right codes.
    const wrongPassword = 'not-the-password-at-all-42';
    secrets.push(wrongPassword);
    expectStatus(
      await tokenRequest(app, { grant_type: 'password', client_id: client.client_id, client_secret: client.client_secret, username: ada.email, password: wrongPassword }),
      403,
    );
    clock.advance(30_000);
    const mfaToken = await loginForMfaToken(app, client, { scope: 'openid profile offline_access' });
    const wrong = wrongCode(enrollment.secret, clock.now());
    const right = oathtool(enrollment.secret, clock.now());
    expectStatus(await otpGrant(app, client, mfaToken, wrong), 403);
    const tokens = expectStatus<Record<string, string>>(await otpGrant(app, client, mfaToken, right), 200);
    secrets.push(mfaToken, wrong, right, tokens.access_token ?? '', tokens.id_token ?? '', tokens.refresh_token ?? '');
    const refreshed = await tokenRequest(app, {
      grant_type: GRANT_TYPES.refreshToken,
      client_id: client.client_id,
      client_secret: client.client_secret,
      refresh_token: tokens.refresh_token ?? '',
    });
    secrets.push(expectStatus<Record<string, string>>(refreshed, 200).refresh_token ?? '');

    // A wrong and a right recovery code.
    const recoveryToken = await loginForMfaToken(app, client);
    secrets.push(recoveryToken);
    const recover = (code: string) =>
      tokenRequest(app, { grant_type: GRANT_TYPES.mfaRecoveryCode, client_id: client.client_id, client_secret: client.client_secret, mfa_token: recoveryToken, recovery_code: code });
    expectStatus(await recover('ZZZZZZZZZZZZZZZZZZZZZZZZ'), 403);
    const recovered = expectStatus<Record<string, string>>(await recover(enrollment.recoveryCode ?? ''), 200);
    secrets.push(recovered.recovery_code ?? '', recovered.access_token ?? '');

    // Administration that handles secrets: a known TOTP seed, a regenerated code, a ticket, a new password.
    const userPath = `/api/v2/users/${encodeURIComponent(ada.user_id)}`;
    const seed = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U';
    secrets.push(seed);
    expectStatus(await admin('POST', `${userPath}/authentication-methods`, { type: 'totp', totp_secret: seed }), 201);
    secrets.push(expectStatus<{ recovery_code: string }>(await admin('POST', `${userPath}/recovery-code-regeneration`), 200).recovery_code);
    secrets.push(expectStatus<{ ticket_id: string }>(await admin('POST', '/api/v2/guardian/enrollments/ticket', { user_id: ada.user_id }), 200).ticket_id);
    const newPassword = 'a brand new passphrase 7';
    secrets.push(newPassword);
    expectStatus(await admin('PATCH', userPath, { password: newPassword }), 200);

    const wire = await logs(admin, '/api/v2/logs?per_page=100');
    expect(wire.length).toBeLessThan(100);
    const table = await queryRows(server, 'SELECT * FROM logs ORDER BY seq');
    expect(table).toHaveLength(wire.length);
    // Ids and times are digits too: leave them out so a 6-digit code cannot match one by chance.
    const text = JSON.stringify([
      wire.map(({ log_id: _id, date: _date, ...rest }) => rest),
      table.map(({ seq: _seq, log_id: _id, date: _date, ...rest }) => rest),
    ]);
    expect(secrets.every((secret) => secret.length >= 6)).toBe(true);
    for (const secret of secrets) expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    // Not vacuous: what the log should name is there.
    for (const expected of [enrollment.authenticatorId, ada.email, 'Invalid OTP code', 'gd_recovery_failed', 'Regenerate recovery code', 'Create an enrollment ticket', 'Update a User']) {
      expect(text).toContain(expected);
    }
  });
});
