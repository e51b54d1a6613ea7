import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { invalidBody } from '../../helpers/management.js';
import { buildTestServer, json, managementToken, mgmt, type TestServer } from '../../helpers/server.js';

const DEFAULTS = {
  mass_reset: { threshold: 10, window_s: 600 },
  push_fatigue: { threshold: 3, window_s: 600, lock_push: false },
};

describe('Management API: alert settings (GET/PATCH /api/v2/guardian/alerts)', () => {
  let server: TestServer;
  let token: string;
  beforeEach(async () => {
    server = await buildTestServer();
    token = await managementToken(server.app);
  });
  afterEach(() => server.close());

  const alerts = async (body?: unknown) => {
    const response = await mgmt(server.app, body === undefined ? 'GET' : 'PATCH', '/api/v2/guardian/alerts', body, token);
    return { status: response.statusCode, body: json(response) };
  };
  const events = async (type: string) => (await server.app.tessera.store.logs.all()).filter((row) => row.type === type);

  it('answers the defaults, and a PATCH merges what it names', async () => {
    expect(await alerts()).toEqual({ status: 200, body: DEFAULTS });
    const patched = await alerts({ push_fatigue: { threshold: 5, lock_push: true } });
    const expected = { ...DEFAULTS, push_fatigue: { threshold: 5, window_s: 600, lock_push: true } };
    expect(patched).toEqual({ status: 200, body: expected });
    expect(await alerts({ mass_reset: { window_s: 3600 } })).toEqual({ status: 200, body: { ...expected, mass_reset: { threshold: 10, window_s: 3600 } } });
    expect(await alerts({})).toEqual({ status: 200, body: { ...expected, mass_reset: { threshold: 10, window_s: 3600 } } });
    expect(await alerts()).toEqual({ status: 200, body: { ...expected, mass_reset: { threshold: 10, window_s: 3600 } } });
    expect((await events('gd_tenant_update')).map((row) => row.details)).toEqual([
      { alerts: { push_fatigue: { threshold: 5, lock_push: true } } },
      { alerts: { mass_reset: { window_s: 3600 } } },
      { alerts: {} },
    ]);
  });

  it('accepts the bounds themselves', async () => {
    const body = { mass_reset: { threshold: 1, window_s: 60 }, push_fatigue: { threshold: 100_000, window_s: 604_800, lock_push: false } };
    expect(await alerts(body)).toEqual({ status: 200, body });
  });

  const BAD: [string, unknown, unknown][] = [
    ['a threshold of 0', { push_fatigue: { threshold: 0 } }, invalidBody("'must be >= 1' on property push_fatigue.threshold")],
    ['a threshold over 100000', { mass_reset: { threshold: 100_001 } }, invalidBody("'must be <= 100000' on property mass_reset.threshold")],
    ['a fractional threshold', { mass_reset: { threshold: 2.5 } }, invalidBody("'Expected type integer but found type number' on property mass_reset.threshold")],
    ['a window under a minute', { mass_reset: { window_s: 59 } }, invalidBody("'must be >= 60' on property mass_reset.window_s")],
    ['a window over a week', { push_fatigue: { window_s: 604_801 } }, invalidBody("'must be <= 604800' on property push_fatigue.window_s")],
    ['lock_push on mass resets', { mass_reset: { lock_push: true } }, invalidBody("'Additional properties not allowed: lock_push'")],
    ['an enabled flag (not part of the settings)', { push_fatigue: { enabled: false } }, invalidBody("'Additional properties not allowed: enabled'")],
    ['the event name for the setting', { mass_mfa_reset: { threshold: 3 } }, invalidBody("'Additional properties not allowed: mass_mfa_reset'")],
    ['a string for a boolean', { push_fatigue: { lock_push: 'yes' } }, invalidBody("'Expected type boolean but found type string' on property push_fatigue.lock_push")],
    ['null for a section', { mass_reset: null }, invalidBody("'Expected type object but found type null' on property mass_reset")],
  ];
  it.each(BAD)('refuses %s, changing nothing', async (_name, body, expected) => {
    expect(await alerts(body)).toEqual({ status: 400, body: expected });
    expect(await alerts()).toEqual({ status: 200, body: DEFAULTS });
    expect((await events('gd_tenant_update'))).toEqual([]);
  });
});
