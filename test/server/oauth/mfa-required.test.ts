import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerApi } from '../../helpers/resource-servers.js';
import {
  buildTestServer,
  createClient,
  createUser,
  enableMfa,
  enrollOtp,
  ISSUER,
  json,
  loginForMfaToken,
  MFA_AUDIENCE,
  mgmt,
  oathtool,
  tokenRequest,
  type TestClient,
  type TestServer,
} from '../../helpers/server.js';
import { nowSeconds, oauthError, passwordParams, tokenJson, verifyJwt } from '../../helpers/oauth.js';

const REALM_GRANT = 'http://auth0.com/oauth/grant-type/password-realm';
const MFA_OTP_GRANT = 'http://auth0.com/oauth/grant-type/mfa-otp';
const CONNECTION = 'Username-Password-Authentication';
const USERINFO = `${ISSUER}userinfo`;
const MFA_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const mfaRequired = (requirements: Record<string, { type: string }[]>) => ({
  error: 'mfa_required',
  error_description: 'Multifactor authentication required',
  mfa_token: expect.stringMatching(MFA_TOKEN),
  mfa_requirements: requirements,
});
const ENROLL_OTP = mfaRequired({ enroll: [{ type: 'otp' }] });

describe('POST /oauth/token: mfa_required', () => {
  let server: TestServer;
  let client: TestClient;
  let userId: string;
  beforeEach(async () => {
    server = await buildTestServer();
    client = await createClient(server.app);
    userId = (await createUser(server.app)).user_id;
  });
  afterEach(() => server.close());

  const cases = [
    { name: 'password, form', send: (s: TestServer, c: TestClient) => tokenRequest(s.app, passwordParams(c, { scope: 'openid' })) },
    { name: 'password, JSON', send: (s: TestServer, c: TestClient) => tokenJson(s.app, passwordParams(c, { scope: 'openid' })) },
    {
      name: 'password-realm, form',
      send: (s: TestServer, c: TestClient) => tokenRequest(s.app, passwordParams(c, { grant_type: REALM_GRANT, realm: CONNECTION })),
    },
    {
      name: 'password-realm, JSON',
      send: (s: TestServer, c: TestClient) => tokenJson(s.app, passwordParams(c, { grant_type: REALM_GRANT, realm: CONNECTION })),
    },
  ];
  it.each(cases)('$name: the all-applications policy asks an unenrolled user to enroll OTP', async ({ send }) => {
    await enableMfa(server.app);
    const response = await send(server, client);
    expect(response.statusCode).toBe(403);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(json(response)).toEqual(ENROLL_OTP);
  });

  it('opens a new transaction, with a new mfa_token, on every login', async () => {
    await enableMfa(server.app);
    const first = await loginForMfaToken(server.app, client);
    const second = await loginForMfaToken(server.app, client);
    expect(second).not.toBe(first);
  });

  it('asks an enrolled user to answer a challenge, recovery code last', async () => {
    await enableMfa(server.app);
    await enrollOtp(server, client);
    const response = await tokenRequest(server.app, passwordParams(client));
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual(mfaRequired({ challenge: [{ type: 'otp' }, { type: 'recovery-code' }] }));
  });

  it('does not require MFA when the policy is off', async () => {
    await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/otp', { enabled: true });
    const response = await tokenRequest(server.app, passwordParams(client));
    expect(response.statusCode).toBe(200);
  });

  // "If your users are not enrolled with any authentication factors, or are only enrolled with the email factor,
  // the MFA token is minted and the user not issued a challenge" (https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authenticator-factors-mfa-api).
  it('challenges a user enrolled in a factor for the MFA API audience, even with the policy off', async () => {
    await enableMfa(server.app);
    await enrollOtp(server, client);
    await mgmt(server.app, 'PUT', '/api/v2/guardian/policies', []);
    const response = await tokenRequest(server.app, passwordParams(client, { audience: MFA_AUDIENCE, scope: 'enroll' }));
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual(mfaRequired({ challenge: [{ type: 'otp' }, { type: 'recovery-code' }] }));
  });

  /** The password login for the MFA API audience answers the token at once; it enrolls a first authenticator. */
  async function expectMintedMfaApiToken(): Promise<void> {
    const response = await tokenRequest(server.app, passwordParams(client, { audience: MFA_AUDIENCE, scope: 'enroll read:authenticators' }));
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = json(response) as { access_token: string };
    expect(body).toEqual({ access_token: expect.stringMatching(JWT), scope: 'enroll read:authenticators', expires_in: 600, token_type: 'Bearer' });
    const iat = nowSeconds(server);
    expect((await verifyJwt(server, body.access_token, MFA_AUDIENCE)).payload).toEqual({
      iss: ISSUER, sub: userId, aud: MFA_AUDIENCE, azp: client.client_id, scope: 'enroll read:authenticators', gty: 'password', iat, exp: iat + 600,
    });
    const associate = await server.app.inject({
      method: 'POST',
      url: '/mfa/associate',
      headers: { authorization: `Bearer ${body.access_token}`, 'content-type': 'application/json' },
      payload: { authenticator_types: ['otp'] },
    });
    expect(associate.statusCode).toBe(200);
    expect(json(associate)).toMatchObject({ authenticator_type: 'otp' });
  }

  it.each([
    ['off', []],
    ['all-applications', ['all-applications']],
  ])('mints the MFA API token without a challenge for a user with no factor (policy %s)', async (_name, policies) => {
    await enableMfa(server.app);
    await mgmt(server.app, 'PUT', '/api/v2/guardian/policies', policies);
    await expectMintedMfaApiToken();
  });

  it('mints the MFA API token without a challenge for a user whose only factor is email', async () => {
    await enableMfa(server.app);
    await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/email', { enabled: true });
    await mgmt(server.app, 'PATCH', `/api/v2/users/${encodeURIComponent(userId)}`, { email_verified: true });
    const listed = await server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${await loginForMfaToken(server.app, client)}` } });
    expect(json(listed)).toEqual([{ id: expect.stringMatching(/^email\|/), authenticator_type: 'oob', oob_channel: 'email', name: 'ada@example.com', active: true }]);
    await expectMintedMfaApiToken();
  });

  it('checks the password before MFA: a wrong one gets no mfa_token', async () => {
    await enableMfa(server.app);
    const response = await tokenRequest(server.app, passwordParams(client, { password: 'not the password' }));
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual(oauthError('invalid_grant', 'Wrong email or password.'));
  });

  it('refuses a blocked user before MFA', async () => {
    await enableMfa(server.app);
    await mgmt(server.app, 'PATCH', `/api/v2/users/${encodeURIComponent(userId)}`, { blocked: true });
    const response = await tokenRequest(server.app, passwordParams(client));
    expect(response.statusCode).toBe(401);
    expect(json(response)).toEqual(oauthError('unauthorized', 'user is blocked'));
  });

  it('after MFA, answers the original request: audience, scope and a 24-hour token', async () => {
    await enableMfa(server.app);
    const { secret } = await enrollOtp(server, client);
    const audience = (await registerApi(server.app)).identifier;
    const mfaToken = await loginForMfaToken(server.app, client, { audience, scope: 'openid read:things' });
    const response = await tokenRequest(server.app, {
      grant_type: MFA_OTP_GRANT,
      client_id: client.client_id,
      client_secret: client.client_secret,
      mfa_token: mfaToken,
      otp: oathtool(secret, server.clock.now()),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = json(response) as { access_token: string };
    expect(body).toEqual({
      access_token: expect.stringMatching(JWT),
      id_token: expect.stringMatching(JWT),
      scope: 'openid read:things',
      expires_in: 86400,
      token_type: 'Bearer',
    });
    const iat = nowSeconds(server);
    expect((await verifyJwt(server, body.access_token, audience)).payload).toEqual({
      iss: ISSUER,
      sub: userId,
      aud: [audience, USERINFO],
      azp: client.client_id,
      scope: 'openid read:things',
      gty: 'password',
      iat,
      exp: iat + 86400,
    });
  });

  const mfaAudienceCases = [
    {
      name: 'with openid',
      scope: 'openid profile enroll read:authenticators remove:authenticators read:users read:things',
      granted: 'openid profile enroll read:authenticators remove:authenticators',
      aud: [MFA_AUDIENCE, USERINFO],
      idToken: true,
    },
    {
      name: 'without openid',
      scope: 'read:authenticators update:users',
      granted: 'read:authenticators',
      aud: MFA_AUDIENCE,
      idToken: false,
    },
    {
      // A refresh token would let its holder mint MFA API tokens for 30 days without a second factor.
      name: 'asking offline_access, which it never gets',
      scope: 'enroll offline_access',
      granted: 'enroll',
      aud: MFA_AUDIENCE,
      idToken: false,
    },
  ];
  it.each(mfaAudienceCases)('an MFA API token ($name) lasts 10 minutes and carries only MFA and OIDC scopes', async ({ scope, granted, aud, idToken }) => {
    await enableMfa(server.app);
    const { secret } = await enrollOtp(server, client);
    const login = await tokenRequest(server.app, passwordParams(client, { audience: MFA_AUDIENCE, scope }));
    expect(json(login)).toEqual(mfaRequired({ challenge: [{ type: 'otp' }, { type: 'recovery-code' }] }));
    const { mfa_token: mfaToken } = json(login) as { mfa_token: string };

    const response = await tokenJson(server.app, {
      grant_type: MFA_OTP_GRANT,
      client_id: client.client_id,
      client_secret: client.client_secret,
      mfa_token: mfaToken,
      otp: oathtool(secret, server.clock.now()),
    });
    expect(response.statusCode).toBe(200);
    const body = json(response) as { access_token: string };
    expect(body).toEqual({
      access_token: expect.stringMatching(JWT),
      ...(idToken ? { id_token: expect.stringMatching(JWT) } : {}),
      scope: granted,
      expires_in: 600,
      token_type: 'Bearer',
    });
    const iat = nowSeconds(server);
    expect((await verifyJwt(server, body.access_token, MFA_AUDIENCE)).payload).toEqual({
      iss: ISSUER,
      sub: userId,
      aud,
      azp: client.client_id,
      scope: granted,
      gty: 'password',
      iat,
      exp: iat + 600,
    });
  });

  it('the MFA API token is accepted by the MFA API and expires after 10 minutes', async () => {
    await enableMfa(server.app);
    const { secret } = await enrollOtp(server, client);
    const mfaToken = await loginForMfaToken(server.app, client, { audience: MFA_AUDIENCE, scope: 'read:authenticators' });
    const response = await tokenRequest(server.app, {
      grant_type: MFA_OTP_GRANT,
      client_id: client.client_id,
      client_secret: client.client_secret,
      mfa_token: mfaToken,
      otp: oathtool(secret, server.clock.now()),
    });
    const { access_token: accessToken } = json(response) as { access_token: string };
    const list = () => server.app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${accessToken}` } });
    expect((await list()).statusCode).toBe(200);
    server.clock.advance(600_000);
    const expired = await list();
    expect(expired.statusCode).toBe(401);
    expect(json(expired)).toEqual(oauthError('invalid_token', 'The access token has expired.'));
  });
});
