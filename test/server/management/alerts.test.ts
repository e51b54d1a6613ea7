import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invalidBody } from '../../helpers/management.js';
import { buildTestServer, createUser, json, managementToken, mgmt, type TestServer } from '../../helpers/server.js';

const DEFAULTS = {
  mass_mfa_reset: { enabled: true, threshold: 20, window_s: 3600 },
  push_fatigue: { enabled: true, threshold: 3, window_s: 600, lock_push: false },
};

describe('Management API: alerts (GET/PATCH /api/v2/guardian/alerts)', () => {
  let server: TestServer;
  let token: string;
  beforeEach(async () => {
    server = await buildTestServer();
    token = await managementToken(server.app);
  });
  afterEach(() => server.close());

  const call = async (method: 'GET' | 'PATCH' | 'POST' | 'DELETE', path: string, body?: unknown) => {
    const response = await mgmt(server.app, method, path, body, token);
    return { status: response.statusCode, body: response.body === '' ? undefined : json(response) };
  };
  const alerts = (body?: unknown) => call(body === undefined ? 'GET' : 'PATCH', '/api/v2/guardian/alerts', body);
  const events = (type: string) => server.app.tessera.store.logs.all().filter((row) => row.type === type);
  const massResetDetails = () => events('mass_mfa_reset').map((row) => JSON.parse(row.details) as Record<string, unknown>);
  const resetUser = async (userId: string, route: 'authenticators' | 'authentication-methods' = 'authenticators') =>
    expect((await call('DELETE', `/api/v2/users/${encodeURIComponent(userId)}/${route}`)).status).toBe(204);
  const users = async (n: number) => Promise.all(Array.from({ length: n }, (_, i) => createUser(server.app, `u${i}@example.com`)));

  it('answers the defaults, and a PATCH merges what it names', async () => {
    expect(await alerts()).toEqual({ status: 200, body: DEFAULTS });
    const patched = await alerts({ push_fatigue: { threshold: 5, lock_push: true } });
    const expected = { ...DEFAULTS, push_fatigue: { ...DEFAULTS.push_fatigue, threshold: 5, lock_push: true } };
    expect(patched).toEqual({ status: 200, body: expected });
    expect(await alerts({ mass_mfa_reset: { enabled: false } })).toEqual({ status: 200, body: { ...expected, mass_mfa_reset: { ...DEFAULTS.mass_mfa_reset, enabled: false } } });
    expect(events('gd_tenant_update').map((row) => JSON.parse(row.details))).toEqual([
      { alerts: { push_fatigue: { threshold: 5, lock_push: true } } },
      { alerts: { mass_mfa_reset: { enabled: false } } },
    ]);
  });

  const BAD: [string, unknown, unknown][] = [
    ['a threshold of 0', { push_fatigue: { threshold: 0 } }, invalidBody("'must be >= 1' on property push_fatigue.threshold")],
    ['a fractional threshold', { mass_mfa_reset: { threshold: 2.5 } }, invalidBody("'Expected type integer but found type number' on property mass_mfa_reset.threshold")],
    ['a window under a minute', { mass_mfa_reset: { window_s: 59 } }, invalidBody("'must be >= 60' on property mass_mfa_reset.window_s")],
    ['a window over a week', { push_fatigue: { window_s: 604_801 } }, invalidBody("'must be <= 604800' on property push_fatigue.window_s")],
    ['lock_push on mass resets', { mass_mfa_reset: { lock_push: true } }, invalidBody("'Additional properties not allowed: lock_push'")],
    ['an unknown alert', { brute_force: { enabled: true } }, invalidBody("'Additional properties not allowed: brute_force'")],
    ['a string for a boolean', { push_fatigue: { enabled: 'yes' } }, invalidBody("'Expected type boolean but found type string' on property push_fatigue.enabled")],
  ];
  it.each(BAD)('refuses %s, changing nothing', async (_name, body, expected) => {
    expect(await alerts(body)).toEqual({ status: 400, body: expected });
    expect(await alerts()).toEqual({ status: 200, body: DEFAULTS });
  });

  it('mass_mfa_reset fires when the window reaches the threshold, not before, and once per window', async () => {
    expect((await alerts({ mass_mfa_reset: { threshold: 3, window_s: 3600 } })).status).toBe(200);
    const [a, b, c, d] = await users(4);
    await resetUser(a!.user_id);
    await resetUser(b!.user_id, 'authentication-methods');
    expect(events('mass_mfa_reset')).toEqual([]);
    await resetUser(c!.user_id);
    expect(massResetDetails()).toEqual([{ resets: 3, threshold: 3, window_s: 3600 }]);
    const [event] = events('mass_mfa_reset');
    expect([event?.description, event?.client_id]).toEqual(['3 MFA resets within 3600 seconds', 'admin-client-0000000000000000000']);
    await resetUser(d!.user_id);
    expect(events('mass_mfa_reset')).toHaveLength(1);

    server.clock.advance(3600 * 1000);
    await resetUser(a!.user_id);
    await resetUser(b!.user_id);
    expect(events('mass_mfa_reset')).toHaveLength(1);
    await resetUser(c!.user_id);
    expect(massResetDetails()).toEqual([{ resets: 3, threshold: 3, window_s: 3600 }, { resets: 3, threshold: 3, window_s: 3600 }]);
  });

  it('a bulk-reset job counts as one mass reset of its size; a dry run counts nothing', async () => {
    expect((await alerts({ mass_mfa_reset: { threshold: 3 } })).status).toBe(200);
    const ids = (await users(3)).map((user) => user.user_id);
    expect((await call('POST', '/api/v2/jobs/mfa-reset', { user_ids: ids, dry_run: true })).status).toBe(201);
    expect(events('mass_mfa_reset')).toEqual([]);
    const job = await call('POST', '/api/v2/jobs/mfa-reset', { user_ids: ids });
    expect(job.status).toBe(201);
    expect(massResetDetails()).toEqual([{ resets: 3, threshold: 3, window_s: 3600, job_id: (job.body as { id: string }).id }]);
  });

  it('of 50 parallel resets over a threshold of 10, exactly one records the alert', async () => {
    expect((await alerts({ mass_mfa_reset: { threshold: 10 } })).status).toBe(200);
    const all = await users(50);
    await Promise.all(all.map((user) => resetUser(user.user_id)));
    expect(massResetDetails()).toEqual([{ resets: 10, threshold: 10, window_s: 3600 }]);
  });

  it('a disabled alert counts nothing', async () => {
    expect((await alerts({ mass_mfa_reset: { enabled: false, threshold: 1 } })).status).toBe(200);
    const [a] = await users(1);
    await resetUser(a!.user_id);
    expect(events('mass_mfa_reset')).toEqual([]);
  });
});
