import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerApi, THINGS_API } from '../../helpers/resource-servers.js';
import {
  ALL_USER_GRANTS,
  buildTestServer,
  createClient,
  createUser,
  ISSUER,
  json,
  mgmt,
  tokenRequest,
  type TestClient,
  type TestServer,
} from '../../helpers/server.js';
import { createClientWith, nowSeconds, oauthError, passwordParams, tokenJson, verifyJwt } from '../../helpers/oauth.js';

const USERINFO = `${ISSUER}userinfo`;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const REFRESH_TOKEN = /^v1\.[A-Za-z0-9_-]{64}$/;
const INVALID_REFRESH = oauthError('invalid_grant', 'Unknown or invalid refresh token.');
const FULL_SCOPE = 'openid profile offline_access';
const DAY_MS = 86_400_000;

interface Tokens {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
}

describe('POST /oauth/token: refresh_token grant', () => {
  let server: TestServer;
  let client: TestClient;
  let userId: string;
  beforeEach(async () => {
    server = await buildTestServer();
    client = await createClient(server.app);
    userId = (await createUser(server.app)).user_id;
  });
  afterEach(() => server.close());

  async function login(extra: Record<string, string> = {}, as: TestClient = client): Promise<string> {
    const response = await tokenRequest(server.app, passwordParams(as, { scope: FULL_SCOPE, ...extra }));
    const token = (json(response) as Tokens).refresh_token;
    if (!token) throw new Error(`no refresh token: ${response.body}`);
    return token;
  }
  const refresh = (token: string, extra: Record<string, string> = {}, as: TestClient = client) =>
    tokenRequest(server.app, { grant_type: 'refresh_token', client_id: as.client_id, client_secret: as.client_secret, refresh_token: token, ...extra });

  it('rotates: answers with new tokens and a new refresh token, and refuses the old one', async () => {
    const first = await login();
    server.clock.advance(60_000);
    const response = await refresh(first);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.pragma).toBe('no-cache');
    const body = json(response) as Tokens;
    expect(body).toEqual({
      access_token: expect.stringMatching(JWT),
      id_token: expect.stringMatching(JWT),
      refresh_token: expect.stringMatching(REFRESH_TOKEN),
      scope: FULL_SCOPE,
      expires_in: 86400,
      token_type: 'Bearer',
    });
    expect(body.refresh_token).not.toBe(first);

    const iat = nowSeconds(server);
    expect((await verifyJwt(server, body.access_token, USERINFO)).payload).toEqual({
      iss: ISSUER,
      sub: userId,
      aud: USERINFO,
      azp: client.client_id,
      scope: FULL_SCOPE,
      gty: 'password',
      iat,
      exp: iat + 86400,
    });
    expect((await verifyJwt(server, body.id_token ?? '', client.client_id)).payload).toEqual({
      iss: ISSUER,
      sub: userId,
      aud: client.client_id,
      iat,
      exp: iat + 36000,
      name: 'ada@example.com',
      nickname: 'ada',
      updated_at: new Date(server.clock.now() - 60_000).toISOString(),
    });

    const again = await refresh(first);
    expect(again.statusCode).toBe(403);
    expect(again.headers['cache-control']).toBe('no-store');
    expect(json(again)).toEqual(INVALID_REFRESH);
  });

  it('chains: each new refresh token works once', async () => {
    let token = await login();
    for (let i = 0; i < 3; i++) {
      const response = await refresh(token);
      expect(response.statusCode).toBe(200);
      token = (json(response) as Tokens).refresh_token ?? '';
    }
    expect((await refresh(token)).statusCode).toBe(200);
  });

  it('reuse of a spent token revokes the whole family, the newest token included', async () => {
    const first = await login();
    const second = (json(await refresh(first)) as Tokens).refresh_token ?? '';
    const third = (json(await refresh(second)) as Tokens).refresh_token ?? '';

    const replay = await refresh(first);
    expect(replay.statusCode).toBe(403);
    expect(json(replay)).toEqual(INVALID_REFRESH);

    const newest = await refresh(third);
    expect(newest.statusCode).toBe(403);
    expect(json(newest)).toEqual(INVALID_REFRESH);
  });

  it('revoking one family leaves the user’s other sessions alone', async () => {
    const attacked = await login();
    const other = await login();
    await refresh(attacked);
    await refresh(attacked);
    expect((await refresh(other)).statusCode).toBe(200);
  });

  const narrowCases = [
    { scope: 'openid', idToken: true },
    { scope: 'openid offline_access', idToken: true },
    { scope: 'profile', idToken: false },
  ];
  it.each(narrowCases)('narrows the access token to "$scope", and the family keeps its full scope', async ({ scope, idToken }) => {
    const first = await login();
    const narrowed = await refresh(first, { scope });
    expect(narrowed.statusCode).toBe(200);
    const body = json(narrowed) as Tokens;
    expect(body).toEqual({
      access_token: expect.stringMatching(JWT),
      ...(idToken ? { id_token: expect.stringMatching(JWT) } : {}),
      refresh_token: expect.stringMatching(REFRESH_TOKEN),
      scope,
      expires_in: 86400,
      token_type: 'Bearer',
    });
    expect((await verifyJwt(server, body.access_token, USERINFO)).payload.scope).toBe(scope);

    const full = await refresh(body.refresh_token ?? '');
    expect(json(full)).toMatchObject({ scope: FULL_SCOPE });
  });

  const widenCases = [
    { name: 'a scope never granted', scope: 'openid profile email' },
    { name: 'an API scope', scope: 'read:users' },
    { name: 'the full scope plus one', scope: `${FULL_SCOPE} email` },
  ];
  it.each(widenCases)('refuses to widen to $name, and the refresh token stays usable', async ({ scope }) => {
    const first = await login();
    const widened = await refresh(first, { scope });
    expect(widened.statusCode).toBe(400);
    expect(widened.headers['cache-control']).toBe('no-store');
    expect(json(widened)).toEqual(oauthError('invalid_scope', 'The requested scope exceeds the scope granted to the refresh token.'));
    expect((await refresh(first)).statusCode).toBe(200);
  });

  it('a spent token asking for a wider scope still trips reuse detection', async () => {
    const first = await login();
    const second = (json(await refresh(first)) as Tokens).refresh_token ?? '';
    const replay = await refresh(first, { scope: 'openid email' });
    expect(replay.statusCode).toBe(403);
    expect(json(replay)).toEqual(INVALID_REFRESH);
    expect(json(await refresh(second))).toEqual(INVALID_REFRESH);
  });

  it("refuses another client's refresh token without spending it", async () => {
    const other = await createClient(server.app, ALL_USER_GRANTS, 'Other App');
    const token = await login();
    const stolen = await refresh(token, {}, other);
    expect(stolen.statusCode).toBe(403);
    expect(json(stolen)).toEqual(INVALID_REFRESH);
    expect((await refresh(token)).statusCode).toBe(200);
  });

  const unknownTokens = ['v1.not-a-real-token', 'garbage', 'v1.' + 'A'.repeat(64), ' '];
  it.each(unknownTokens)('refuses an unknown refresh token %j', async (token) => {
    const response = await refresh(token);
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual(INVALID_REFRESH);
  });

  it('refuses an access token offered as a refresh token', async () => {
    const response = await tokenRequest(server.app, passwordParams(client, { scope: FULL_SCOPE }));
    const { access_token: accessToken } = json(response) as Tokens;
    expect(json(await refresh(accessToken))).toEqual(INVALID_REFRESH);
  });

  it('expires a refresh token after 30 days', async () => {
    const early = await login();
    const late = await login();
    server.clock.advance(30 * DAY_MS - 1);
    expect((await refresh(early)).statusCode).toBe(200);
    server.clock.advance(1);
    const expired = await refresh(late);
    expect(expired.statusCode).toBe(403);
    expect(json(expired)).toEqual(INVALID_REFRESH);
  });

  const revokingChanges = [
    { name: 'blocking the user', patch: { blocked: true } },
    { name: "changing the user's password", patch: { password: 'an entirely new password' } },
  ];
  it.each(revokingChanges)('$name ends every refresh token', async ({ patch }) => {
    const token = await login();
    expect((await mgmt(server.app, 'PATCH', `/api/v2/users/${encodeURIComponent(userId)}`, patch)).statusCode).toBe(200);
    const response = await refresh(token);
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual(INVALID_REFRESH);
  });

  it('refuses a client whose refresh_token grant was removed', async () => {
    const token = await login();
    await mgmt(server.app, 'PATCH', `/api/v2/clients/${client.client_id}`, { grant_types: ['password'] });
    const response = await refresh(token);
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual(oauthError('unauthorized_client', "Grant type 'refresh_token' not allowed for the client."));
  });

  it('keeps the audience of the original login', async () => {
    const audience = (await registerApi(server.app, THINGS_API, ['read:things'], { allow_offline_access: true })).identifier;
    const token = await login({ audience, scope: 'openid offline_access read:things' });
    const response = await tokenJson(server.app, { grant_type: 'refresh_token', client_id: client.client_id, client_secret: client.client_secret, refresh_token: token });
    const body = json(response) as Tokens;
    expect(body).toEqual({
      access_token: expect.stringMatching(JWT),
      id_token: expect.stringMatching(JWT),
      refresh_token: expect.stringMatching(REFRESH_TOKEN),
      scope: 'openid offline_access read:things',
      expires_in: 86400,
      token_type: 'Bearer',
    });
    expect((await verifyJwt(server, body.access_token, audience)).payload.aud).toEqual([audience, USERINFO]);
  });

  it('works for a public client without a secret', async () => {
    const pub = await createClientWith(server.app, { name: 'Public App', token_endpoint_auth_method: 'none', grant_types: ['password', 'refresh_token'] });
    const token = await login({}, { client_id: pub.client_id, client_secret: '' });
    const response = await tokenRequest(server.app, { grant_type: 'refresh_token', client_id: pub.client_id, refresh_token: token });
    expect(response.statusCode).toBe(200);
  });

  it('requires client authentication for a confidential client', async () => {
    const token = await login();
    const response = await tokenRequest(server.app, { grant_type: 'refresh_token', client_id: client.client_id, refresh_token: token });
    expect(response.statusCode).toBe(401);
    expect(json(response)).toEqual(oauthError('invalid_client', 'Client authentication failed.'));
    expect((await refresh(token)).statusCode).toBe(200);
  });
});
