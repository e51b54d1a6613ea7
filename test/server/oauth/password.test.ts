import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerApi } from '../../helpers/resource-servers.js';
import {
  ALL_USER_GRANTS,
  buildTestServer,
  createClient,
  createUser,
  ISSUER,
  json,
  mgmt,
  PASSWORD,
  tokenRequest,
  type TestClient,
  type TestServer,
} from '../../helpers/server.js';
import { nowSeconds, passwordParams, tokenJson, verifyJwt } from '../../helpers/oauth.js';

const USERINFO = `${ISSUER}userinfo`;
const REALM_GRANT = 'http://auth0.com/oauth/grant-type/password-realm';
const CONNECTION = 'Username-Password-Authentication';
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const REFRESH_TOKEN = /^v1\.[A-Za-z0-9_-]{64}$/;

type Encoding = 'form' | 'json';
type Send = (server: TestServer, params: Record<string, string>) => ReturnType<typeof tokenRequest>;
const send: Record<Encoding, Send> = {
  form: (server, params) => tokenRequest(server.app, params),
  json: (server, params) => tokenJson(server.app, params),
};

interface TokenBody {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
}

describe('POST /oauth/token: password grants without MFA', () => {
  let server: TestServer;
  let client: TestClient;
  let userId: string;
  beforeEach(async () => {
    server = await buildTestServer();
    client = await createClient(server.app);
    userId = (await createUser(server.app)).user_id;
  });
  afterEach(() => server.close());

  const grants: { name: string; grant: string; extra: Record<string, string> }[] = [
    { name: 'password', grant: 'password', extra: {} },
    { name: 'password with realm', grant: 'password', extra: { realm: CONNECTION } },
    { name: 'password-realm', grant: REALM_GRANT, extra: { realm: CONNECTION } },
  ];
  const cases = (['form', 'json'] as const).flatMap((encoding) => grants.map((g) => ({ encoding, ...g })));

  it.each(cases)('$name ($encoding body) answers with verifiable tokens', async ({ encoding, grant, extra }) => {
    const response = await send[encoding](server, passwordParams(client, { grant_type: grant, scope: 'openid profile email', ...extra }));
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.pragma).toBe('no-cache');
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = json(response) as TokenBody;
    expect(body).toEqual({
      access_token: expect.stringMatching(JWT),
      id_token: expect.stringMatching(JWT),
      scope: 'openid profile email',
      expires_in: 86400,
      token_type: 'Bearer',
    });

    const iat = nowSeconds(server);
    const jwks = json(await server.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })) as { keys: { kid: string }[] };
    const access = await verifyJwt(server, body.access_token, USERINFO);
    expect(access.header).toEqual({ alg: 'RS256', typ: 'JWT', kid: jwks.keys[0]?.kid });
    expect(access.payload).toEqual({
      iss: ISSUER,
      sub: userId,
      aud: USERINFO,
      azp: client.client_id,
      scope: 'openid profile email',
      gty: 'password',
      iat,
      exp: iat + 86400,
    });
    const id = await verifyJwt(server, body.id_token ?? '', client.client_id);
    expect(id.payload).toEqual({
      iss: ISSUER,
      sub: userId,
      aud: client.client_id,
      iat,
      exp: iat + 36000,
      name: 'ada@example.com',
      nickname: 'ada',
      updated_at: new Date(server.clock.now()).toISOString(),
      email: 'ada@example.com',
      email_verified: false,
    });
  });

  it('puts the user profile in the id_token under the profile scope', async () => {
    const created = await mgmt(server.app, 'POST', '/api/v2/users', {
      connection: CONNECTION,
      email: 'grace@example.com',
      password: PASSWORD,
      email_verified: true,
      name: 'Grace Hopper',
      nickname: 'amazing-grace',
      given_name: 'Grace',
      family_name: 'Hopper',
      picture: 'https://example.com/grace.png',
    });
    const graceId = (json(created) as { user_id: string }).user_id;
    const response = await tokenRequest(server.app, passwordParams(client, { scope: 'openid profile email' }, 'grace@example.com'));
    const id = await verifyJwt(server, (json(response) as TokenBody).id_token ?? '', client.client_id);
    const iat = nowSeconds(server);
    expect(id.payload).toEqual({
      iss: ISSUER,
      sub: graceId,
      aud: client.client_id,
      iat,
      exp: iat + 36000,
      name: 'Grace Hopper',
      nickname: 'amazing-grace',
      given_name: 'Grace',
      family_name: 'Hopper',
      picture: 'https://example.com/grace.png',
      updated_at: new Date(server.clock.now()).toISOString(),
      email: 'grace@example.com',
      email_verified: true,
    });
  });

  const claimCases = [
    { scope: 'openid', claims: {} },
    { scope: 'openid email', claims: { email: 'ada@example.com', email_verified: false } },
    { scope: 'openid profile', claims: { name: 'ada@example.com', nickname: 'ada', updated_at: '2026-11-23T12:00:00.000Z' } },
  ];
  it.each(claimCases)('scope "$scope" puts only its claims in the id_token', async ({ scope, claims }) => {
    const response = await tokenRequest(server.app, passwordParams(client, { scope }));
    const body = json(response) as TokenBody;
    expect(body).toEqual({ access_token: expect.stringMatching(JWT), id_token: expect.stringMatching(JWT), scope, expires_in: 86400, token_type: 'Bearer' });
    const iat = nowSeconds(server);
    const id = await verifyJwt(server, body.id_token ?? '', client.client_id);
    expect(id.payload).toEqual({ iss: ISSUER, sub: userId, aud: client.client_id, iat, exp: iat + 36000, ...claims });
  });

  it('gives no id_token without openid, and omits scope when none was asked', async () => {
    const response = await tokenRequest(server.app, passwordParams(client));
    expect(response.statusCode).toBe(200);
    const body = json(response) as TokenBody;
    expect(body).toEqual({ access_token: expect.stringMatching(JWT), expires_in: 86400, token_type: 'Bearer' });
    const iat = nowSeconds(server);
    const access = await verifyJwt(server, body.access_token, USERINFO);
    expect(access.payload).toEqual({ iss: ISSUER, sub: userId, aud: USERINFO, azp: client.client_id, scope: '', gty: 'password', iat, exp: iat + 86400 });
  });

  it('addresses a custom audience alone, or with userinfo when openid is asked', async () => {
    const audience = (await registerApi(server.app)).identifier;
    const plain = json(await tokenRequest(server.app, passwordParams(client, { audience, scope: 'read:things' }))) as TokenBody;
    expect(plain).toEqual({ access_token: expect.stringMatching(JWT), scope: 'read:things', expires_in: 86400, token_type: 'Bearer' });
    expect((await verifyJwt(server, plain.access_token, audience)).payload.aud).toBe(audience);

    const oidc = json(await tokenRequest(server.app, passwordParams(client, { audience, scope: 'openid read:things' }))) as TokenBody;
    expect(oidc).toEqual({
      access_token: expect.stringMatching(JWT),
      id_token: expect.stringMatching(JWT),
      scope: 'openid read:things',
      expires_in: 86400,
      token_type: 'Bearer',
    });
    const iat = nowSeconds(server);
    const access = await verifyJwt(server, oidc.access_token, audience);
    expect(access.payload).toEqual({
      iss: ISSUER,
      sub: userId,
      aud: [audience, USERINFO],
      azp: client.client_id,
      scope: 'openid read:things',
      gty: 'password',
      iat,
      exp: iat + 86400,
    });
    await expect(verifyJwt(server, oidc.access_token, `${ISSUER}api/v2/`)).rejects.toThrow(/aud/);
  });

  it('collapses repeated and padded scopes', async () => {
    const response = await tokenRequest(server.app, passwordParams(client, { scope: '  openid   openid email ' }));
    expect(json(response)).toEqual({
      access_token: expect.stringMatching(JWT),
      id_token: expect.stringMatching(JWT),
      scope: 'openid email',
      expires_in: 86400,
      token_type: 'Bearer',
    });
  });

  it('issues a refresh token for offline_access when the client has the refresh_token grant', async () => {
    const response = await tokenRequest(server.app, passwordParams(client, { scope: 'openid offline_access' }));
    expect(json(response)).toEqual({
      access_token: expect.stringMatching(JWT),
      id_token: expect.stringMatching(JWT),
      refresh_token: expect.stringMatching(REFRESH_TOKEN),
      scope: 'openid offline_access',
      expires_in: 86400,
      token_type: 'Bearer',
    });
  });

  it('issues no refresh token for offline_access when the client lacks the refresh_token grant', async () => {
    const noRefresh = await createClient(server.app, ALL_USER_GRANTS.filter((grant) => grant !== 'refresh_token'), 'No Refresh');
    const response = await tokenRequest(server.app, passwordParams(noRefresh, { scope: 'openid offline_access' }));
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({
      access_token: expect.stringMatching(JWT),
      id_token: expect.stringMatching(JWT),
      scope: 'openid offline_access',
      expires_in: 86400,
      token_type: 'Bearer',
    });
  });

  it('issues a fresh access token on every login', async () => {
    const first = json(await tokenRequest(server.app, passwordParams(client))) as TokenBody;
    server.clock.advance(1000);
    const second = json(await tokenRequest(server.app, passwordParams(client))) as TokenBody;
    expect(second.access_token).not.toBe(first.access_token);
  });

  it('records the login on the user', async () => {
    await tokenRequest(server.app, passwordParams(client));
    server.clock.advance(60_000);
    await tokenRequest(server.app, passwordParams(client));
    const user = json(await mgmt(server.app, 'GET', `/api/v2/users/${encodeURIComponent(userId)}`)) as Record<string, unknown>;
    expect(user).toMatchObject({ logins_count: 2, last_login: new Date(server.clock.now()).toISOString() });
  });
});
