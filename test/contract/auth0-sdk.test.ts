import { AuthApiError, AuthenticationClient, ManagementApiError, ManagementClient, type AuthenticationClientOptions } from 'auth0-v4';
import { decodeJwt } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpsTessera, type HttpsTessera } from '../helpers/https-server.js';
import { ADMIN, oathtool, PASSWORD } from '../helpers/server.js';
import { requestInit } from '../helpers/http.js';

/**
 * The official `auth0` SDK (v4) against Tessera over real HTTPS: the calls an existing Auth0
 * integration makes must work unchanged, including the SDK's own id_token validation
 * (`iss` = `https://${domain}/`, RS256 signature from /.well-known/jwks.json).
 */

const CONNECTION = 'Username-Password-Authentication';
const EMAIL = 'grace@example.com';
const MFA_OTP = 'http://auth0.com/oauth/grant-type/mfa-otp';
const MFA_RECOVERY_CODE = 'http://auth0.com/oauth/grant-type/mfa-recovery-code';
const APP_GRANTS = ['password', 'refresh_token', MFA_OTP, MFA_RECOVERY_CODE, 'http://auth0.com/oauth/grant-type/password-realm'];
const OPENID_SCOPE = 'openid profile email offline_access';
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const REFRESH_TOKEN = /^v1\.[A-Za-z0-9_-]{64}$/;
const RECOVERY_CODE = /^[A-Z0-9]{24}$/;
const TOTP_SECRET = /^[A-Z2-7]{32}$/;
const OPAQUE_MFA_TOKEN = /^[A-Za-z0-9_-]{43}$/;

interface Tenant {
  management: ManagementClient;
  auth: AuthenticationClient;
  clientId: string;
  clientSecret: string;
  userId: string;
}

/** What both SDK clients need to reach the test server and trust its certificate. */
function sdkTransport(server: HttpsTessera): Pick<AuthenticationClientOptions, 'domain' | 'fetch' | 'agent'> {
  return {
    domain: server.domain,
    fetch: server.fetch,
    // v4 hands `agent` to jose's JWKS download (node:https wants an https.Agent) and, as `dispatcher`,
    // to fetch; our fetch ignores the latter, so an https.Agent serves both. The type says undici's.
    agent: server.agent as unknown as AuthenticationClientOptions['agent'],
  };
}

/** Sets up an application, a user and MFA (OTP + recovery codes, required everywhere), all through the SDK. */
async function setUpTenant(server: HttpsTessera): Promise<Tenant> {
  const management = new ManagementClient({ ...sdkTransport(server), clientId: ADMIN.clientId, clientSecret: ADMIN.clientSecret });
  const { data: client } = await management.clients.create({ name: 'Contract App', grant_types: APP_GRANTS });
  const { data: user } = await management.users.create({ connection: CONNECTION, email: EMAIL, password: PASSWORD });
  await management.guardian.updateFactor({ name: 'otp' }, { enabled: true });
  await management.guardian.updateFactor({ name: 'recovery-code' }, { enabled: true });
  await management.guardian.updatePolicies(['all-applications']);
  const auth = new AuthenticationClient({ ...sdkTransport(server), clientId: client.client_id, clientSecret: client.client_secret ?? '' });
  return { management, auth, clientId: client.client_id, clientSecret: client.client_secret ?? '', userId: user.user_id ?? '' };
}

/** The SDK's rejection, for assertions on its typed fields. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** passwordGrant that must stop at `mfa_required`; returns the mfa_token from the error body. */
async function mfaTokenFromLogin(tenant: Tenant): Promise<string> {
  const error = await rejection(tenant.auth.oauth.passwordGrant({ username: EMAIL, password: PASSWORD, scope: OPENID_SCOPE }));
  if (!(error instanceof AuthApiError) || error.error !== 'mfa_required') throw error;
  return (JSON.parse(error.body) as { mfa_token: string }).mfa_token;
}

describe('the official auth0 SDK (v4) against Tessera over HTTPS', () => {
  let server: HttpsTessera;
  beforeEach(async () => {
    server = await startHttpsTessera();
  });
  afterEach(async () => {
    await server.close();
  });

  /** Plain HTTPS calls for the MFA API, which the v4 SDK does not wrap. */
  async function call(method: 'GET' | 'POST', path: string, options: { bearer?: string; json?: unknown; form?: Record<string, string> } = {}) {
    const response = await server.fetch(new URL(path, server.issuer), requestInit(method, options));
    return { status: response.status, body: (await response.json()) as unknown };
  }

  /** Enrolls OTP for the tenant's user through /mfa/associate, confirms it with a code from oathtool; returns the recovery code. */
  async function enrollOtp(tenant: Tenant, mfaToken: string): Promise<string> {
    const associate = await call('POST', '/mfa/associate', { bearer: mfaToken, json: { authenticator_types: ['otp'] } });
    const { secret, recovery_codes: codes } = associate.body as { secret: string; recovery_codes: string[] };
    const confirm = await call('POST', '/oauth/token', {
      form: { grant_type: MFA_OTP, client_id: tenant.clientId, client_secret: tenant.clientSecret, mfa_token: mfaToken, otp: oathtool(secret, server.clock.now()) },
    });
    if (confirm.status !== 200) throw new Error(`confirm: ${JSON.stringify(confirm.body)}`);
    // The next code must come from a later time step (a step is accepted once).
    server.clock.advance(30_000);
    return codes[0] ?? '';
  }

  it('sets up an application, a user and the MFA policy with ManagementClient', async () => {
    const management = new ManagementClient({ ...sdkTransport(server), clientId: ADMIN.clientId, clientSecret: ADMIN.clientSecret });

    const client = await management.clients.create({ name: 'Contract App', grant_types: APP_GRANTS });
    expect(client.status).toBe(201);
    expect(client.data).toMatchObject({ name: 'Contract App', grant_types: APP_GRANTS, token_endpoint_auth_method: 'client_secret_post' });
    expect(client.data.client_id).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(client.data.client_secret).toMatch(/^[A-Za-z0-9_-]{43,}$/);

    const user = await management.users.create({ connection: CONNECTION, email: EMAIL, password: PASSWORD });
    expect(user.status).toBe(201);
    expect(user.data).toMatchObject({
      email: EMAIL,
      email_verified: false,
      identities: [{ connection: CONNECTION, provider: 'auth0', isSocial: false }],
      logins_count: 0,
    });
    expect(user.data.user_id).toMatch(/^auth0\|[0-9a-f]{24}$/);

    expect((await management.guardian.updateFactor({ name: 'otp' }, { enabled: true })).data).toEqual({ enabled: true });
    expect((await management.guardian.updateFactor({ name: 'recovery-code' }, { enabled: true })).data).toEqual({ enabled: true });
    const factors = await management.guardian.getFactors();
    expect(factors.data).toContainEqual({ name: 'otp', enabled: true, trial_expired: false });
    expect(factors.data).toContainEqual({ name: 'recovery-code', enabled: true, trial_expired: false });
    expect(factors.data).toContainEqual({ name: 'sms', enabled: false, trial_expired: false });
    expect((await management.guardian.updatePolicies(['all-applications'])).data).toEqual(['all-applications']);
    expect((await management.guardian.getPolicies()).data).toEqual(['all-applications']);

    // The SDK obtained its Management API token by client_credentials for https://<domain>/api/v2/.
    const token = await new AuthenticationClient({ ...sdkTransport(server), clientId: ADMIN.clientId, clientSecret: ADMIN.clientSecret }).oauth.clientCredentialsGrant({
      audience: `${server.issuer}api/v2/`,
    });
    expect(decodeJwt(token.data.access_token)).toMatchObject({
      iss: server.issuer,
      aud: `${server.issuer}api/v2/`,
      sub: `${ADMIN.clientId}@clients`,
      gty: 'client-credentials',
    });
  });

  it('surfaces mfa_required from passwordGrant as an AuthApiError carrying the mfa_token', async () => {
    const tenant = await setUpTenant(server);
    const error = await rejection(tenant.auth.oauth.passwordGrant({ username: EMAIL, password: PASSWORD }));

    expect(error).toBeInstanceOf(AuthApiError);
    const apiError = error as AuthApiError;
    expect({ error: apiError.error, error_description: apiError.error_description, statusCode: apiError.statusCode, message: apiError.message }).toEqual({
      error: 'mfa_required',
      error_description: 'Multifactor authentication required',
      statusCode: 403,
      message: 'Multifactor authentication required',
    });
    expect(JSON.parse(apiError.body)).toEqual({
      error: 'mfa_required',
      error_description: 'Multifactor authentication required',
      mfa_token: expect.stringMatching(OPAQUE_MFA_TOKEN),
      mfa_requirements: { enroll: [{ type: 'otp' }] },
    });
    expect(apiError.headers.get('cache-control')).toBe('no-store');
  });

  it('enrolls over /mfa/associate, confirms with mfa-otp, then challenges a returning login', async () => {
    const tenant = await setUpTenant(server);
    const mfaToken = await mfaTokenFromLogin(tenant);

    const associate = await call('POST', '/mfa/associate', { bearer: mfaToken, json: { authenticator_types: ['otp'] } });
    expect(associate.status).toBe(200);
    const { secret, recovery_codes: codes } = associate.body as { secret: string; recovery_codes: string[] };
    expect(associate.body).toEqual({
      authenticator_type: 'otp',
      secret: expect.stringMatching(TOTP_SECRET),
      barcode_uri: expect.stringMatching(/^otpauth:\/\/totp\//),
      recovery_codes: [expect.stringMatching(RECOVERY_CODE)],
    });
    // What an authenticator app reads from the QR code (Key URI Format), whatever the escaping.
    const uri = new URL((associate.body as { barcode_uri: string }).barcode_uri);
    expect({ type: uri.host, label: decodeURIComponent(uri.pathname) }).toEqual({ type: 'totp', label: `/Tessera Contract:${EMAIL}` });
    expect(Object.fromEntries(uri.searchParams)).toEqual({ secret, issuer: 'Tessera Contract', algorithm: 'SHA1', digits: '6', period: '30' });

    const pending = await call('GET', '/mfa/authenticators', { bearer: mfaToken });
    expect(pending).toEqual({
      status: 200,
      body: expect.arrayContaining([
        { id: expect.stringMatching(/^totp\|dev_[A-Za-z0-9]{16}$/), authenticator_type: 'otp', active: false },
        { id: expect.stringMatching(/^recovery-code\|dev_[A-Za-z0-9]{16}$/), authenticator_type: 'recovery-code', active: false },
      ]),
    });
    expect(await call('POST', '/mfa/challenge', { form: { client_id: tenant.clientId, client_secret: tenant.clientSecret, mfa_token: mfaToken, challenge_type: 'otp' } })).toEqual({
      status: 400,
      body: {
        error: 'association_required',
        error_description: 'User is not enrolled. You can use /mfa/associate endpoint to enroll the first authenticator.',
      },
    });

    const confirm = await call('POST', '/oauth/token', {
      form: { grant_type: MFA_OTP, client_id: tenant.clientId, client_secret: tenant.clientSecret, mfa_token: mfaToken, otp: oathtool(secret, server.clock.now()) },
    });
    expect(confirm).toEqual({
      status: 200,
      body: {
        access_token: expect.stringMatching(JWT),
        id_token: expect.stringMatching(JWT),
        refresh_token: expect.stringMatching(REFRESH_TOKEN),
        scope: OPENID_SCOPE,
        expires_in: 86400,
        token_type: 'Bearer',
      },
    });
    const active = await call('GET', '/mfa/authenticators', { bearer: mfaToken });
    expect((active.body as { active: boolean }[]).map((a) => a.active)).toEqual([true, true]);
    expect((await tenant.management.users.get({ id: tenant.userId })).data).toMatchObject({ multifactor: ['guardian'] });

    // A returning login is challenged, answered with the next code, and the code cannot be replayed.
    server.clock.advance(30_000);
    const second = await rejection(tenant.auth.oauth.passwordGrant({ username: EMAIL, password: PASSWORD }));
    const secondBody = JSON.parse((second as AuthApiError).body) as { mfa_token: string; mfa_requirements: unknown };
    expect(secondBody.mfa_requirements).toEqual({ challenge: [{ type: 'otp' }, { type: 'recovery-code' }] });
    const challenge = await call('POST', '/mfa/challenge', {
      json: { client_id: tenant.clientId, client_secret: tenant.clientSecret, mfa_token: secondBody.mfa_token, challenge_type: 'otp' },
    });
    expect(challenge).toEqual({ status: 200, body: { challenge_type: 'otp' } });
    const otp = oathtool(secret, server.clock.now());
    const grant = { grant_type: MFA_OTP, client_id: tenant.clientId, client_secret: tenant.clientSecret, mfa_token: secondBody.mfa_token, otp };
    expect((await call('POST', '/oauth/token', { form: grant })).status).toBe(200);
    const replay = await call('POST', '/oauth/token', { form: grant });
    expect(replay.status).toBe(403);
    expect(replay.body).toMatchObject({ error: 'invalid_grant' });

    // The recovery code from enrollment signs in once and is replaced by a new one.
    const third = await mfaTokenFromLogin(tenant);
    const recovery = await call('POST', '/oauth/token', {
      form: { grant_type: MFA_RECOVERY_CODE, client_id: tenant.clientId, client_secret: tenant.clientSecret, mfa_token: third, recovery_code: codes[0] ?? '' },
    });
    expect(recovery).toEqual({
      status: 200,
      body: {
        access_token: expect.stringMatching(JWT),
        id_token: expect.stringMatching(JWT),
        refresh_token: expect.stringMatching(REFRESH_TOKEN),
        scope: OPENID_SCOPE,
        expires_in: 86400,
        token_type: 'Bearer',
        recovery_code: expect.stringMatching(RECOVERY_CODE),
      },
    });
    expect((recovery.body as { recovery_code: string }).recovery_code).not.toBe(codes[0]);
  });

  it('passes the SDK id_token validation on passwordGrant and refreshTokenGrant once MFA is not required', async () => {
    const tenant = await setUpTenant(server);
    expect((await tenant.management.guardian.updatePolicies([])).data).toEqual([]);
    const updated = await tenant.management.users.update({ id: tenant.userId }, { name: 'Grace Hopper', given_name: 'Grace', family_name: 'Hopper' });
    expect(updated.data).toMatchObject({ user_id: tenant.userId, name: 'Grace Hopper', given_name: 'Grace', family_name: 'Hopper', nickname: 'grace' });

    // passwordGrant resolves only if the SDK's IDTokenValidator accepted iss, aud, exp, iat and the RS256 signature.
    const login = await tenant.auth.oauth.passwordGrant({ username: EMAIL, password: PASSWORD, scope: OPENID_SCOPE });
    expect(login.status).toBe(200);
    expect(login.data).toEqual({
      access_token: expect.stringMatching(JWT),
      id_token: expect.stringMatching(JWT),
      refresh_token: expect.stringMatching(REFRESH_TOKEN),
      scope: OPENID_SCOPE,
      expires_in: 86400,
      token_type: 'Bearer',
    });
    const now = Math.floor(server.clock.now() / 1000);
    expect(decodeJwt(login.data.id_token ?? '')).toEqual({
      iss: server.issuer,
      sub: tenant.userId,
      aud: tenant.clientId,
      iat: now,
      exp: now + 36000,
      name: 'Grace Hopper',
      nickname: 'grace',
      given_name: 'Grace',
      family_name: 'Hopper',
      updated_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      email: EMAIL,
      email_verified: false,
    });
    expect(decodeJwt(login.data.access_token)).toMatchObject({
      iss: server.issuer,
      sub: tenant.userId,
      aud: `${server.issuer}userinfo`,
      azp: tenant.clientId,
      scope: OPENID_SCOPE,
    });

    const refreshed = await tenant.auth.oauth.refreshTokenGrant({ refresh_token: login.data.refresh_token ?? '' });
    expect(refreshed.data).toEqual({
      access_token: expect.stringMatching(JWT),
      id_token: expect.stringMatching(JWT),
      refresh_token: expect.stringMatching(REFRESH_TOKEN),
      scope: OPENID_SCOPE,
      expires_in: 86400,
      token_type: 'Bearer',
    });
    expect(refreshed.data.refresh_token).not.toBe(login.data.refresh_token);
    expect(decodeJwt(refreshed.data.id_token ?? '')).toMatchObject({ iss: server.issuer, sub: tenant.userId, aud: tenant.clientId });

    // With `realm` the SDK switches to the password-realm grant; its id_token passes the same checks.
    const realm = await tenant.auth.oauth.passwordGrant({ username: EMAIL, password: PASSWORD, realm: CONNECTION, scope: 'openid email' });
    expect(realm.data).toEqual({ access_token: expect.stringMatching(JWT), id_token: expect.stringMatching(JWT), scope: 'openid email', expires_in: 86400, token_type: 'Bearer' });

    // The rotated-out refresh token is refused in Auth0's words.
    const reuse = await rejection(tenant.auth.oauth.refreshTokenGrant({ refresh_token: login.data.refresh_token ?? '' }));
    expect(reuse).toBeInstanceOf(AuthApiError);
    expect(reuse).toMatchObject({ error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.', statusCode: 403 });
  });

  it('regenerates the recovery code, resets authenticators, lists and deletes the user with ManagementClient', async () => {
    const tenant = await setUpTenant(server);
    const firstCode = await enrollOtp(tenant, await mfaTokenFromLogin(tenant));

    const regenerated = await tenant.management.users.regenerateRecoveryCode({ id: tenant.userId });
    expect(regenerated.status).toBe(200);
    expect(regenerated.data).toEqual({ recovery_code: expect.stringMatching(RECOVERY_CODE) });
    expect(regenerated.data.recovery_code).not.toBe(firstCode);
    // The old code is dead, the regenerated one works.
    const useCode = async (code: string) =>
      call('POST', '/oauth/token', {
        form: { grant_type: MFA_RECOVERY_CODE, client_id: tenant.clientId, client_secret: tenant.clientSecret, mfa_token: await mfaTokenFromLogin(tenant), recovery_code: code },
      });
    expect(await useCode(firstCode)).toEqual({ status: 403, body: { error: 'invalid_grant', error_description: 'MFA Authorization rejected.' } });
    expect((await useCode(regenerated.data.recovery_code ?? '')).status).toBe(200);

    const reset = await tenant.management.users.deleteAllAuthenticators({ id: tenant.userId });
    expect(reset.status).toBe(204);
    const mfaToken = await mfaTokenFromLogin(tenant);
    expect(await call('GET', '/mfa/authenticators', { bearer: mfaToken })).toEqual({ status: 200, body: [] });
    const user = await tenant.management.users.get({ id: tenant.userId });
    expect(user.data).not.toHaveProperty('multifactor');

    const list = await tenant.management.users.getAll();
    expect(list.data.map((u) => u.user_id)).toEqual([tenant.userId]);
    const page = await tenant.management.users.getAll({ include_totals: true, page: 0, per_page: 10 });
    expect(page.data).toMatchObject({ start: 0, limit: 10, length: 1, total: 1 });
    expect(page.data.users.map((u) => u.email)).toEqual([EMAIL]);

    const removed = await tenant.management.users.delete({ id: tenant.userId });
    expect(removed.status).toBe(204);
    const missing = await rejection(tenant.management.users.get({ id: tenant.userId }));
    expect(missing).toBeInstanceOf(ManagementApiError);
    expect(missing).toMatchObject({ statusCode: 404, error: 'Not Found', errorCode: 'inexistent_user', message: 'The user does not exist.' });
    expect((await tenant.management.users.getAll()).data).toEqual([]);
  });

  it('surfaces a wrong password from passwordGrant as invalid_grant / Wrong email or password.', async () => {
    const tenant = await setUpTenant(server);
    const error = await rejection(tenant.auth.oauth.passwordGrant({ username: EMAIL, password: 'not the password' }));

    expect(error).toBeInstanceOf(AuthApiError);
    const apiError = error as AuthApiError;
    expect({ error: apiError.error, error_description: apiError.error_description, statusCode: apiError.statusCode }).toEqual({
      error: 'invalid_grant',
      error_description: 'Wrong email or password.',
      statusCode: 403,
    });
    expect(JSON.parse(apiError.body)).toEqual({ error: 'invalid_grant', error_description: 'Wrong email or password.' });

    const unknownUser = await rejection(tenant.auth.oauth.passwordGrant({ username: 'nobody@example.com', password: PASSWORD }));
    expect(unknownUser).toMatchObject({ error: 'invalid_grant', error_description: 'Wrong email or password.', statusCode: 403 });
  });
});
