import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditRows, invalidBody } from '../../helpers/management.js';
import { ADMIN, buildTestServer, json, managementToken, mgmt, type TestServer } from '../../helpers/server.js';

/** Auth0's remembered MFA session: 7 days of inactivity, 30 days at most; the checkbox shown, unticked. */
const DEFAULTS = {
  display_remember_me_checkbox: true,
  remember_me_default_value: false,
  mfa_session_inactivity_timeout: 604_800,
  mfa_session_overall_timeout: 2_592_000,
};
const CHANGED = {
  display_remember_me_checkbox: false,
  remember_me_default_value: true,
  mfa_session_inactivity_timeout: 3600,
  mfa_session_overall_timeout: 7_776_000,
};

describe('Management API: GET/PUT /api/v2/guardian/settings', () => {
  let server: TestServer;
  let token: string;
  beforeEach(async () => {
    server = await buildTestServer();
    token = await managementToken(server.app);
  });
  afterEach(() => server.close());

  const get = () => mgmt(server.app, 'GET', '/api/v2/guardian/settings', undefined, token);
  const put = (body: unknown) => mgmt(server.app, 'PUT', '/api/v2/guardian/settings', body, token);

  it("answers Auth0's defaults for a new tenant", async () => {
    const response = await get();
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual(DEFAULTS);
  });

  it('replaces all four settings, answers them, keeps them, and audits the change', async () => {
    const response = await put(CHANGED);
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual(CHANGED);
    expect(json(await get())).toEqual(CHANGED);
    expect(await auditRows(server, 'gd_tenant_update')).toEqual([
      { type: 'gd_tenant_update', description: 'Guardian tenant update', client_id: ADMIN.clientId, client_name: 'Tessera Admin (Management API)', user_id: null, user_name: null, details: { settings: CHANGED } },
    ]);
  });

  it('accepts equal timeouts and the bounds themselves', async () => {
    const equal = { ...DEFAULTS, mfa_session_inactivity_timeout: 86_400, mfa_session_overall_timeout: 86_400 };
    expect(json(await put(equal))).toEqual(equal);
    const widest = { ...DEFAULTS, mfa_session_inactivity_timeout: 2_592_000, mfa_session_overall_timeout: 7_776_000 };
    expect(json(await put(widest))).toEqual(widest);
  });

  const { mfa_session_overall_timeout: _overall, ...withoutOverall } = DEFAULTS;
  it.each<[string, unknown, string]>([
    ['a missing field', withoutOverall, "'Missing required property: mfa_session_overall_timeout'"],
    ['an unknown field', { ...DEFAULTS, number_matching: true }, "'Additional properties not allowed: number_matching'"],
    ['a string boolean', { ...DEFAULTS, remember_me_default_value: 'true' }, "'Expected type boolean but found type string' on property remember_me_default_value"],
    ['a fractional timeout', { ...DEFAULTS, mfa_session_inactivity_timeout: 3600.5 }, "'Expected type integer but found type number' on property mfa_session_inactivity_timeout"],
    ['an inactivity timeout under an hour', { ...DEFAULTS, mfa_session_inactivity_timeout: 3599 }, "'must be >= 3600' on property mfa_session_inactivity_timeout"],
    ['an inactivity timeout over 30 days', { ...DEFAULTS, mfa_session_inactivity_timeout: 2_592_001, mfa_session_overall_timeout: 7_776_000 }, "'must be <= 2592000' on property mfa_session_inactivity_timeout"],
    ['an overall timeout over 90 days', { ...DEFAULTS, mfa_session_overall_timeout: 7_776_001 }, "'must be <= 7776000' on property mfa_session_overall_timeout"],
    ['inactivity longer than overall', { ...DEFAULTS, mfa_session_inactivity_timeout: 7200, mfa_session_overall_timeout: 3600 }, 'mfa_session_inactivity_timeout cannot exceed mfa_session_overall_timeout'],
    ['an array', [DEFAULTS], "'Expected type object but found type array'"],
  ])('refuses %s with 400 invalid_body and keeps the settings', async (_label, body, detail) => {
    const response = await put(body);
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(invalidBody(detail));
    expect(json(await get())).toEqual(DEFAULTS);
  });
});
