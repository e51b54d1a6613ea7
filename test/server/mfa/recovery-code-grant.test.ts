import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRANT_TYPES } from '../../../server/grants/types.js';
import { registerApi } from '../../helpers/resource-servers.js';
import {
  buildTestServer,
  createClient,
  createUser,
  enrollOtp,
  json,
  loginForMfaToken,
  mgmt,
  tokenRequest,
  type Enrollment,
  type TestServer,
} from '../../helpers/server.js';
import { rateLimitHeaders } from '../../helpers/oauth.js';
import { associate, mfaAccessToken, mfaTenant, recoveryGrant, verifyJwt, type MfaTenant } from '../../helpers/mfa.js';

const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const REJECTED = { error: 'invalid_grant', error_description: 'MFA Authorization rejected.' };
const LOCKED = { error: 'too_many_attempts', error_description: 'Too many failed codes. Wait for some minutes before retrying.' };
const MALFORMED = { error: 'invalid_grant', error_description: 'Malformed mfa_token' };
const API = 'https://api.example.com/';

/** Same length and alphabet as a real code, but not the user's. */
const wrongCodeFor = (code: string) => `${code.slice(0, 23)}${code.endsWith('A') ? 'B' : 'A'}`;

describe('grant_type mfa-recovery-code', () => {
  let server: TestServer;
  let tenant: MfaTenant;
  let enrollment: Enrollment;
  let code: string;
  beforeEach(async () => {
    server = await buildTestServer();
    tenant = await mfaTenant(server.app);
    enrollment = await enrollOtp(server, tenant.client);
    code = enrollment.recoveryCode ?? '';
    expect(code).toMatch(/^[A-Z0-9]{24}$/);
  });
  afterEach(() => server.close());

  const attempt = async (mfaToken: string, recoveryCode: string) => {
    const response = await recoveryGrant(server.app, tenant.client, mfaToken, recoveryCode);
    return { status: response.statusCode, body: json(response) };
  };

  it('answers with the original request’s tokens and a new 24-character recovery code', async () => {
    await registerApi(server.app, API);
    const mfaToken = await loginForMfaToken(server.app, tenant.client, { audience: API, scope: 'openid read:things' });
    const response = await recoveryGrant(server.app, tenant.client, mfaToken, code);
    expect({ status: response.statusCode, body: json(response) }).toEqual({
      status: 200,
      body: {
        access_token: expect.stringMatching(JWT),
        id_token: expect.stringMatching(JWT),
        scope: 'openid read:things',
        expires_in: 86400,
        token_type: 'Bearer',
        recovery_code: expect.stringMatching(/^[A-Z0-9]{24}$/),
      },
    });
    expect(response.headers['cache-control']).toBe('no-store');
    const body = json(response) as { access_token: string; recovery_code: string };
    expect(body.recovery_code).not.toBe(code);
    const claims = await verifyJwt(server.app, body.access_token, server.clock.now(), API);
    expect([claims.sub, claims.aud, claims.azp, claims.scope]).toEqual([tenant.user.user_id, [API, 'https://tessera.test/userinfo'], tenant.client.client_id, 'openid read:things']);
  });

  it('spends the code: the old one is refused afterwards, the new one works once', async () => {
    const first = await loginForMfaToken(server.app, tenant.client);
    const used = await attempt(first, code);
    expect(used.status).toBe(200);
    const next = (used.body as { recovery_code: string }).recovery_code;

    const second = await loginForMfaToken(server.app, tenant.client);
    expect(await attempt(second, code)).toEqual({ status: 403, body: REJECTED });
    const again = await attempt(second, next);
    expect(again).toEqual({ status: 200, body: expect.objectContaining({ recovery_code: expect.stringMatching(/^[A-Z0-9]{24}$/) }) });
    expect(await attempt(second, next)).toEqual({ status: 403, body: REJECTED });
  });

  it.each([
    ['lower case', (c: string) => c.toLowerCase()],
    ['groups of four with dashes', (c: string) => c.match(/.{4}/g)?.join('-') ?? c],
    ['lower case groups with spaces', (c: string) => (c.match(/.{4}/g)?.join(' ') ?? c).toLowerCase()],
  ])('accepts the code typed in %s', async (_label, typed) => {
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    expect((await attempt(mfaToken, typed(code))).status).toBe(200);
  });

  it('works even while OTP is locked out (separate buckets)', async () => {
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    for (let i = 0; i < 10; i += 1) {
      await tokenRequest(server.app, {
        grant_type: GRANT_TYPES.mfaOtp,
        client_id: tenant.client.client_id,
        client_secret: tenant.client.client_secret,
        mfa_token: mfaToken,
        otp: 'abcdef',
      });
    }
    expect((await attempt(mfaToken, code)).status).toBe(200);
  });

  it('locks after 10 failures: 429 even for the right code, then one attempt per 6 minutes', async () => {
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    const failures = [];
    for (let i = 0; i < 10; i += 1) failures.push(await attempt(mfaToken, i % 2 === 0 ? wrongCodeFor(code) : 'not-a-code'));
    expect(failures).toEqual(Array.from({ length: 10 }, () => ({ status: 403, body: REJECTED })));
    const locked = await recoveryGrant(server.app, tenant.client, mfaToken, code);
    expect({ status: locked.statusCode, body: json(locked) }).toEqual({ status: 429, body: LOCKED });
    expect(locked.headers).toMatchObject(rateLimitHeaders(10, server.clock.now() + 6 * 60_000));
    server.clock.advance(6 * 60_000);
    expect((await attempt(mfaToken, code)).status).toBe(200);
  });

  it('refuses a recovery code whose enrollment was never confirmed', async () => {
    await createUser(server.app, 'grace@example.com');
    const mfaToken = await loginForMfaToken(server.app, tenant.client, {}, 'grace@example.com');
    const pending = (json(await associate(server.app, mfaToken)) as { recovery_codes: string[] }).recovery_codes[0] ?? '';
    expect(pending).toMatch(/^[A-Z0-9]{24}$/);
    expect(await attempt(mfaToken, pending)).toEqual({ status: 403, body: REJECTED });
  });

  it('refuses another user’s recovery code', async () => {
    await createUser(server.app, 'grace@example.com');
    const grace = await enrollOtp(server, tenant.client, 'grace@example.com');
    const mfaToken = await loginForMfaToken(server.app, tenant.client);
    expect(await attempt(mfaToken, grace.recoveryCode ?? '')).toEqual({ status: 403, body: REJECTED });
  });

  describe('refusals', () => {
    it.each([
      ['garbage', 'garbage'],
      ['a token of the right shape that was never issued', 'A'.repeat(43)],
      ['a forged JWT', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'],
    ])('answers Malformed mfa_token for %s', async (_label, forged) => {
      expect(await attempt(forged, code)).toEqual({ status: 403, body: MALFORMED });
    });

    it('answers Malformed mfa_token for an MFA-audience access token (it only confirms enrollments)', async () => {
      const accessToken = await mfaAccessToken(server, tenant.client, enrollment.secret, 'enroll');
      expect(await attempt(accessToken, code)).toEqual({ status: 403, body: MALFORMED });
    });

    it('answers expired_token 10 minutes and 1 second after the mfa_token was issued', async () => {
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      server.clock.advance(10 * 60_000 + 1000);
      expect(await attempt(mfaToken, code)).toEqual({ status: 403, body: { error: 'expired_token', error_description: 'mfa_token is expired' } });
    });

    it('refuses another client’s mfa_token', async () => {
      const other = await createClient(server.app, undefined, 'Other App');
      const mfaToken = await loginForMfaToken(server.app, other);
      expect(await attempt(mfaToken, code)).toEqual({
        status: 400,
        body: { error: 'invalid_request', error_description: 'mfa_token not issued to this client' },
      });
    });

    it('answers 400 invalid_request without recovery_code', async () => {
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      const response = await tokenRequest(server.app, {
        grant_type: GRANT_TYPES.mfaRecoveryCode,
        client_id: tenant.client.client_id,
        client_secret: tenant.client.client_secret,
        mfa_token: mfaToken,
      });
      expect({ status: response.statusCode, body: json(response) }).toEqual({
        status: 400,
        body: { error: 'invalid_request', error_description: 'Missing required parameter: recovery_code' },
      });
    });

    it('answers access_denied while the recovery-code factor is disabled', async () => {
      const mfaToken = await loginForMfaToken(server.app, tenant.client);
      await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/recovery-code', { enabled: false });
      expect(await attempt(mfaToken, code)).toEqual({
        status: 403,
        body: { error: 'access_denied', error_description: 'The recovery-code factor is not enabled.' },
      });
    });
  });
});
