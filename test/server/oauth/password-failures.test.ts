import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildTestServer,
  createClient,
  createUser,
  json,
  MGMT_AUDIENCE,
  mgmt,
  tokenRequest,
  type TestClient,
  type TestServer,
} from '../../helpers/server.js';
import { oauthError, passwordParams, rateLimitHeaders, tokenJson } from '../../helpers/oauth.js';

const REALM_GRANT = 'http://auth0.com/oauth/grant-type/password-realm';
const CONNECTION = 'Username-Password-Authentication';
const WRONG_CREDENTIALS = oauthError('invalid_grant', 'Wrong email or password.');
const LOCKED = oauthError('too_many_attempts', 'Your account has been blocked after multiple consecutive login attempts.');
const SIX_MINUTES = 6 * 60_000;

describe('POST /oauth/token: password grant failures', () => {
  let server: TestServer;
  let client: TestClient;
  let userId: string;
  beforeEach(async () => {
    server = await buildTestServer();
    client = await createClient(server.app);
    userId = (await createUser(server.app)).user_id;
  });
  afterEach(() => server.close());

  const login = (extra: Record<string, string> = {}, username?: string) => tokenRequest(server.app, passwordParams(client, extra, username));
  const wrong = () => login({ password: 'not the password' });

  const wrongCredentialCases: { name: string; extra: Record<string, string>; username: string }[] = [
    { name: 'wrong password', extra: { password: 'not the password' }, username: 'ada@example.com' },
    { name: 'password with different case', extra: { password: 'Correct Horse Battery Staple' }, username: 'ada@example.com' },
    { name: 'password with a trailing space', extra: { password: 'correct horse battery staple ' }, username: 'ada@example.com' },
    { name: 'unknown user', extra: {}, username: 'nobody@example.com' },
    { name: 'unknown user, password-realm', extra: { grant_type: REALM_GRANT, realm: CONNECTION }, username: 'nobody@example.com' },
    { name: 'wrong password, password-realm', extra: { grant_type: REALM_GRANT, realm: CONNECTION, password: 'nope-nope' }, username: 'ada@example.com' },
  ];
  it.each(wrongCredentialCases)('$name → 403 invalid_grant', async ({ extra, username }) => {
    const response = await login(extra, username);
    expect(response.statusCode).toBe(403);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(json(response)).toEqual(WRONG_CREDENTIALS);
  });

  it('locks the account after 10 wrong passwords, even against the right one, and refills one attempt per 6 minutes', async () => {
    for (let i = 0; i < 10; i++) expect(json(await wrong())).toEqual(WRONG_CREDENTIALS);

    const lockedAt = server.clock.now();
    const locked = await login();
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['cache-control']).toBe('no-store');
    expect(locked.headers).toMatchObject(rateLimitHeaders(10, lockedAt + SIX_MINUTES));
    expect(json(locked)).toEqual(LOCKED);
    expect(json(await wrong())).toEqual(LOCKED);

    server.clock.advance(SIX_MINUTES - 1);
    const still = await login();
    expect(still.statusCode).toBe(429);
    // Almost a whole token refilled: the next one is still due at the same moment.
    expect(still.headers).toMatchObject(rateLimitHeaders(10, lockedAt + SIX_MINUTES));

    server.clock.advance(1);
    const refilled = await login();
    expect(refilled.statusCode).toBe(200);
  });

  it('spends the single refilled attempt on a wrong password and locks again', async () => {
    for (let i = 0; i < 10; i++) await wrong();
    server.clock.advance(SIX_MINUTES);
    expect(json(await wrong())).toEqual(WRONG_CREDENTIALS);
    expect(json(await login())).toEqual(LOCKED);
  });

  it('a successful login resets the failure count', async () => {
    for (let i = 0; i < 9; i++) await wrong();
    expect((await login()).statusCode).toBe(200);
    for (let i = 0; i < 9; i++) await wrong();
    expect((await login()).statusCode).toBe(200);
  });

  it('locks only the attacked account', async () => {
    await createUser(server.app, 'grace@example.com');
    for (let i = 0; i < 10; i++) await wrong();
    expect(json(await login())).toEqual(LOCKED);
    expect((await login({}, 'grace@example.com')).statusCode).toBe(200);
  });

  it('refuses a blocked user with the right password, and says nothing more for a wrong one', async () => {
    const patch = await mgmt(server.app, 'PATCH', `/api/v2/users/${encodeURIComponent(userId)}`, { blocked: true });
    expect(patch.statusCode).toBe(200);

    const blocked = await login();
    expect(blocked.statusCode).toBe(401);
    expect(blocked.headers['cache-control']).toBe('no-store');
    expect(json(blocked)).toEqual(oauthError('unauthorized', 'user is blocked'));

    const guess = await wrong();
    expect(guess.statusCode).toBe(403);
    expect(json(guess)).toEqual(WRONG_CREDENTIALS);

    await mgmt(server.app, 'PATCH', `/api/v2/users/${encodeURIComponent(userId)}`, { blocked: false });
    expect((await login()).statusCode).toBe(200);
  });

  const realmCases: { name: string; extra: Record<string, string>; description: string }[] = [
    { name: 'password-realm, unknown connection', extra: { grant_type: REALM_GRANT, realm: 'google-oauth2' }, description: 'Connection "google-oauth2" does not exist.' },
    { name: 'password-realm, connection name in another case', extra: { grant_type: REALM_GRANT, realm: 'username-password-authentication' }, description: 'Connection "username-password-authentication" does not exist.' },
    { name: 'password with a realm', extra: { realm: 'enterprise' }, description: 'Connection "enterprise" does not exist.' },
  ];
  it.each(realmCases)('$name → 400 invalid_request', async ({ extra, description }) => {
    const response = await login(extra);
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(oauthError('invalid_request', description));
  });

  it('refuses user tokens for the Management API', async () => {
    const response = await tokenJson(server.app, passwordParams(client, { audience: MGMT_AUDIENCE, scope: 'read:users' }));
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual(oauthError('access_denied', 'User tokens for the Management API are not supported; use client_credentials.'));
  });

  it('a refused realm costs the user no password attempt', async () => {
    for (let i = 0; i < 12; i++) await login({ grant_type: REALM_GRANT, realm: 'other', password: 'nope-nope' });
    expect((await login()).statusCode).toBe(200);
  });
});
