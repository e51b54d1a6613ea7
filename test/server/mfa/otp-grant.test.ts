import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRANT_TYPES } from '../../../server/grants/types.js';
import { registerApi } from '../../helpers/resource-servers.js';
import {
  buildTestServer,
  createClient,
  createUser,
  enrollOtp,
  ISSUER,
  json,
  loginForMfaToken,
  mgmt,
  MFA_AUDIENCE,
  oathtool,
  tokenRequest,
  type Enrollment,
  type TestServer,
} from '../../helpers/server.js';
import { rateLimitHeaders } from '../../helpers/oauth.js';
import { listAuthenticators, mfaAccessToken, mfaTenant, otpGrant, verifyJwt, type MfaTenant } from '../../helpers/mfa.js';

const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const INVALID_OTP = { error: 'invalid_grant', error_description: 'Invalid otp_code.' };
const LOCKED = { error: 'too_many_attempts', error_description: 'Too many failed codes. Wait for some minutes before retrying.' };
const MALFORMED = { error: 'invalid_grant', error_description: 'Malformed mfa_token' };
const API = 'https://api.example.com/';
const STEP_MS = 30_000;
const SIX_MINUTES_MS = 6 * 60_000;

/** A 6-digit code that is not valid now nor one step back for `secret`. */
function wrongCode(secret: string, nowMs: number): string {
  const valid = new Set([oathtool(secret, nowMs), oathtool(secret, nowMs - STEP_MS)]);
  for (let n = 0; ; n += 1) {
    const candidate = String(n).padStart(6, '0');
    if (!valid.has(candidate)) return candidate;
  }
}

describe('grant_type mfa-otp', () => {
  let server: TestServer;
  let tenant: MfaTenant;
  let enrollment: Enrollment;
  beforeEach(async () => {
    server = await buildTestServer();
    tenant = await mfaTenant(server.app);
    enrollment = await enrollOtp(server, tenant.client);
  });
  afterEach(() => server.close());

  const current = () => oathtool(enrollment.secret, server.clock.now());
  const attempt = async (mfaToken: string, otp: string) => {
    const response = await otpGrant(server.app, tenant.client, mfaToken, otp);
    return { status: response.statusCode, body: json(response) };
  };

  it('answers with the tokens of the original request (audience and scope bound to the mfa_token)', async () => {
    const { app, clock } = server;
    const scope = 'openid profile email offline_access read:things';
    await registerApi(app, API, ['read:things'], { allow_offline_access: true });
    const mfaToken = await loginForMfaToken(app, tenant.client, { audience: API, scope });
    const response = await otpGrant(app, tenant.client, mfaToken, current());
    expect({ status: response.statusCode, body: json(response) }).toEqual({
      status: 200,
      body: {
        access_token: expect.stringMatching(JWT),
        id_token: expect.stringMatching(JWT),
        refresh_token: expect.stringMatching(/^v1\.[\w-]{64}$/),
        scope,
        expires_in: 86400,
        token_type: 'Bearer',
      },
    });
    expect(response.headers['cache-control']).toBe('no-store');

    const body = json(response) as { access_token: string; id_token: string };
    const iat = Math.floor(clock.now() / 1000);
    expect(await verifyJwt(app, body.access_token, clock.now(), API)).toEqual({
      iss: ISSUER,
      sub: tenant.user.user_id,
      aud: [API, `${ISSUER}userinfo`],
      azp: tenant.client.client_id,
      scope,
      gty: 'password',
      iat,
      exp: iat + 86400,
    });
    expect(await verifyJwt(app, body.id_token, clock.now(), tenant.client.client_id)).toEqual({
      iss: ISSUER,
      sub: tenant.user.user_id,
      aud: tenant.client.client_id,
      name: 'ada@example.com',
      nickname: 'ada',
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      email: 'ada@example.com',
      email_verified: false,
      iat,
      exp: iat + 36000,
    });
  });

  it('ignores an audience or scope sent with the MFA grant: the mfa_token decides', async () => {
    await registerApi(server.app, API);
    const mfaToken = await loginForMfaToken(server.app, tenant.client, { audience: API, scope: 'read:things' });
    const response = await tokenRequest(server.app, {
      grant_type: GRANT_TYPES.mfaOtp,
      client_id: tenant.client.client_id,
      client_secret: tenant.client.client_secret,
      mfa_token: mfaToken,
      otp: current(),
      audience: MFA_AUDIENCE,
      scope: 'enroll remove:authenticators',
    });
    expect(json(response)).toEqual({ access_token: expect.stringMatching(JWT), scope: 'read:things', expires_in: 86400, token_type: 'Bearer' });
    const claims = await verifyJwt(server.app, (json(response) as { access_token: string }).access_token, server.clock.now());
    expect([claims.aud, claims.scope]).toEqual([API, 'read:things']);
  });

  it('answers 403 Invalid otp_code. for a wrong code', async () => {
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    expect(await attempt(mfaToken, wrongCode(enrollment.secret, server.clock.now()))).toEqual({ status: 403, body: INVALID_OTP });
  });

  it('accepts the previous step’s code', async () => {
    // enrollOtp confirmed with the step just before now; move on so the previous step is unused.
    server.clock.advance(STEP_MS);
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    expect((await attempt(mfaToken, oathtool(enrollment.secret, server.clock.now() - STEP_MS))).status).toBe(200);
  });

  it('refuses the code that confirmed the enrollment, though it is still in the window', async () => {
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    expect(await attempt(mfaToken, oathtool(enrollment.secret, server.clock.now() - STEP_MS))).toEqual({ status: 403, body: INVALID_OTP });
  });

  it('refuses the code from two steps back and the next step’s code', async () => {
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    const now = server.clock.now();
    const codes = [oathtool(enrollment.secret, now - 2 * STEP_MS), oathtool(enrollment.secret, now + STEP_MS)];
    const valid = new Set([oathtool(enrollment.secret, now), oathtool(enrollment.secret, now - STEP_MS)]);
    for (const code of codes.filter((c) => !valid.has(c))) expect(await attempt(mfaToken, code)).toEqual({ status: 403, body: INVALID_OTP });
  });

  it('refuses a code accepted once, even within its window, and even through a new mfa_token', async () => {
    const { app, clock } = server;
    const code = current();
    const first = await loginForMfaToken(app, tenant.client);
    expect((await attempt(first, code)).status).toBe(200);
    expect(await attempt(first, code)).toEqual({ status: 403, body: INVALID_OTP });
    clock.advance(20_000);
    const second = await loginForMfaToken(app, tenant.client);
    expect(await attempt(second, code)).toEqual({ status: 403, body: INVALID_OTP });
  });

  it('refuses the previous step’s code once the current step was used (steps only move forward)', async () => {
    server.clock.advance(STEP_MS);
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    const previous = oathtool(enrollment.secret, server.clock.now() - STEP_MS);
    expect((await attempt(mfaToken, current())).status).toBe(200);
    expect(await attempt(mfaToken, previous)).toEqual({ status: 403, body: INVALID_OTP });
    server.clock.advance(STEP_MS);
    expect((await attempt(mfaToken, current())).status).toBe(200);
  });

  it('locks after 10 failures (429 even for a correct code), then allows one attempt per 6 minutes', async () => {
    const { clock } = server;
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    const failures = [];
    for (let i = 0; i < 10; i += 1) failures.push(await attempt(mfaToken, wrongCode(enrollment.secret, clock.now())));
    expect(failures).toEqual(Array.from({ length: 10 }, () => ({ status: 403, body: INVALID_OTP })));
    const locked = await otpGrant(server.app, tenant.client, mfaToken, current());
    expect({ status: locked.statusCode, body: json(locked) }).toEqual({ status: 429, body: LOCKED });
    expect(locked.headers).toMatchObject(rateLimitHeaders(10, clock.now() + SIX_MINUTES_MS));

    // A new login does not reset the bucket: it is per user.
    clock.advance(SIX_MINUTES_MS - 1000);
    const later = await loginForMfaToken(server.app, tenant.client);
    expect(await attempt(later, current())).toEqual({ status: 429, body: LOCKED });

    clock.advance(1000);
    expect(await attempt(later, wrongCode(enrollment.secret, clock.now()))).toEqual({ status: 403, body: INVALID_OTP });
    expect(await attempt(later, current())).toEqual({ status: 429, body: LOCKED });

    clock.advance(SIX_MINUTES_MS);
    const ok = await otpGrant(server.app, tenant.client, later, current());
    expect(ok.statusCode).toBe(200);
  });

  it('keeps the lockout across a restart on the same database', async () => {
    const { clock, dbPath, dataKey } = server;
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    for (let i = 0; i < 10; i += 1) expect((await attempt(mfaToken, wrongCode(enrollment.secret, clock.now()))).status).toBe(403);
    await server.close({ keepFiles: true });

    server = await buildTestServer({ dbPath, dataKey, clock });
    expect(await attempt(mfaToken, current())).toEqual({ status: 429, body: LOCKED });
    clock.advance(SIX_MINUTES_MS);
    expect((await attempt(mfaToken, current())).status).toBe(200);
  });

  it('does not lock one user out because of another user’s failures', async () => {
    await createUser(server.app, 'grace@example.com');
    const grace = await enrollOtp(server, tenant.client, 'grace@example.com');
    const graceToken = await loginForMfaToken(server.app, tenant.client, {}, 'grace@example.com');
    for (let i = 0; i < 11; i += 1) await attempt(graceToken, wrongCode(grace.secret, server.clock.now()));
    expect(await attempt(graceToken, oathtool(grace.secret, server.clock.now()))).toEqual({ status: 429, body: LOCKED });
    const adaToken = await loginForMfaToken(server.app, tenant.client);
    expect((await attempt(adaToken, current())).status).toBe(200);
  });

  describe('refusals', () => {
    it.each([
      ['garbage', 'garbage'],
      ['a token of the right shape that was never issued', 'A'.repeat(43)],
      ['a forged JWT', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'],
    ])('answers Malformed mfa_token for %s', async (_label, forged) => {
      expect(await attempt(forged, current())).toEqual({ status: 403, body: MALFORMED });
    });

    it('answers expired_token 10 minutes and 1 second after the mfa_token was issued', async () => {
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      server.clock.advance(10 * 60_000 + 1000);
      expect(await attempt(mfaToken, current())).toEqual({ status: 403, body: { error: 'expired_token', error_description: 'mfa_token is expired' } });
    });

    it('refuses another client’s mfa_token', async () => {
      const other = await createClient(server.app, undefined, 'Other App');
      const mfaToken = await loginForMfaToken(server.app, other);
      expect(await attempt(mfaToken, current())).toEqual({
        status: 400,
        body: { error: 'invalid_request', error_description: 'mfa_token not issued to this client' },
      });
    });

    it('refuses another client’s MFA-audience token used to confirm', async () => {
      const other = await createClient(server.app, undefined, 'Other App');
      const accessToken = await mfaAccessToken(server, other, enrollment.secret, 'enroll');
      expect(await attempt(accessToken, current())).toEqual({
        status: 400,
        body: { error: 'invalid_request', error_description: 'mfa_token not issued to this client' },
      });
    });

    it.each([
      ['otp', { otp: undefined }, 'Missing required parameter: otp'],
      ['mfa_token', { mfa_token: undefined }, 'Missing required parameter: mfa_token'],
      ['an empty otp', { otp: '' }, 'Invalid parameter: otp must NOT have fewer than 1 characters'],
    ])('answers 400 invalid_request without %s', async (_label, override, description) => {
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      const params: Record<string, string | undefined> = {
        grant_type: GRANT_TYPES.mfaOtp,
        client_id: tenant.client.client_id,
        client_secret: tenant.client.client_secret,
        mfa_token: mfaToken,
        otp: current(),
        ...override,
      };
      const defined = Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined));
      const response = await tokenRequest(server.app, defined);
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 400, body: { error: 'invalid_request', error_description: description } });
    });

    it('answers 401 invalid_client without the client_secret', async () => {
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      const response = await tokenRequest(server.app, { grant_type: GRANT_TYPES.mfaOtp, client_id: tenant.client.client_id, mfa_token: mfaToken, otp: current() });
      expect({ status: response.statusCode, body: json(response) }).toEqual({
        status: 401,
        body: { error: 'invalid_client', error_description: 'Client authentication failed.' },
      });
    });

    it('answers unauthorized_client when the client may not use the grant', async () => {
      const passwordOnly = await createClient(server.app, [GRANT_TYPES.password], 'Password Only');
      const mfaToken = await loginForMfaToken(server.app, passwordOnly);
      const response = await otpGrant(server.app, passwordOnly, mfaToken, current());
      expect({ status: response.statusCode, body: json(response) }).toEqual({
        status: 403,
        body: { error: 'unauthorized_client', error_description: `Grant type '${GRANT_TYPES.mfaOtp}' not allowed for the client.` },
      });
    });

    it('answers access_denied while the otp factor is disabled', async () => {
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/otp', { enabled: false });
      expect(await attempt(mfaToken, current())).toEqual({ status: 403, body: { error: 'access_denied', error_description: 'The otp factor is not enabled.' } });
    });

    it('answers not enrolled for the mfa_token of a user with no authenticator at all', async () => {
      await createUser(server.app, 'bob@example.com');
      const mfaToken = await loginForMfaToken(server.app, tenant.client, {}, 'bob@example.com');
      expect(await attempt(mfaToken, current())).toEqual({ status: 403, body: { error: 'invalid_grant', error_description: 'User is not enrolled with otp.' } });
    });

    it('tells another client’s mfa_token before a disabled factor, and an expired one before either', async () => {
      const other = await createClient(server.app, undefined, 'Other App');
      const othersToken = await loginForMfaToken(server.app, other);
      await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/otp', { enabled: false });
      expect(await attempt(othersToken, current())).toEqual({
        status: 400,
        body: { error: 'invalid_request', error_description: 'mfa_token not issued to this client' },
      });
      server.clock.advance(10 * 60_000 + 1000);
      expect(await attempt(othersToken, current())).toEqual({ status: 403, body: { error: 'expired_token', error_description: 'mfa_token is expired' } });
    });

    it('an MFA-audience token may only confirm a pending enrollment, not log in again with an active one', async () => {
      const accessToken = await mfaAccessToken(server, tenant.client, enrollment.secret, 'enroll');
      expect(await attempt(accessToken, current())).toEqual({
        status: 403,
        body: { error: 'invalid_grant', error_description: 'User is not enrolled with otp.' },
      });
    });
  });

  it('confirms a new enrollment with an MFA-audience token, which then lists it active (Auth0 community)', async () => {
    const { app, clock } = server;
    const accessToken = await mfaAccessToken(server, tenant.client, enrollment.secret, 'enroll read:authenticators');
    const associate = await app.inject({
      method: 'POST',
      url: '/mfa/associate',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ authenticator_types: ['otp'] }),
    });
    const { secret } = json(associate) as { secret: string };
    // The first authenticator's code does not confirm the second one.
    expect(await attempt(accessToken, current())).toEqual({ status: 403, body: INVALID_OTP });
    const response = await otpGrant(app, tenant.client, accessToken, oathtool(secret, clock.now()));
    expect({ status: response.statusCode, body: json(response) }).toEqual({
      status: 200,
      body: { access_token: expect.stringMatching(JWT), scope: 'enroll read:authenticators', expires_in: 600, token_type: 'Bearer' },
    });
    const list = json(await listAuthenticators(app, accessToken)) as { authenticator_type: string; active: boolean }[];
    expect(list.map((row) => [row.authenticator_type, row.active])).toEqual([
      ['recovery-code', true],
      ['otp', true],
      ['otp', true],
    ]);
    // The new authenticator now works for ordinary logins too.
    clock.advance(STEP_MS);
    const mfaToken = await loginForMfaToken(app, tenant.client);
    expect((await attempt(mfaToken, oathtool(secret, clock.now()))).status).toBe(200);
  });
});
