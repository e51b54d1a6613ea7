import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRANT_TYPES } from '../../../server/grants/types.js';
import { PASSWORD_FAILURE_BUCKET } from '../../../server/services/rate-limits.js';
import { nowSeconds, oauthError, passwordParams, verifyJwt } from '../../helpers/oauth.js';
import { registerApi, THINGS_API } from '../../helpers/resource-servers.js';
import { ADMIN, buildTestServer, createClient, createUser, enableMfa, json, mgmt, tokenRequest, type TestClient, type TestServer } from '../../helpers/server.js';

const PAYMENTS = 'https://payments.example.com/';
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const REFRESH_TOKEN = /^v1\.[A-Za-z0-9_-]{64}$/;
const serviceNotFound = (audience: string) => oauthError('access_denied', `Service not found: ${audience}`);

interface TokenBody {
  access_token: string;
  refresh_token?: string;
  scope?: string;
  expires_in: number;
}

describe('POST /oauth/token: audiences are registered APIs', () => {
  let server: TestServer;
  let client: TestClient;
  beforeEach(async () => {
    server = await buildTestServer();
    client = await createClient(server.app);
    await createUser(server.app);
  });
  afterEach(() => server.close());

  const password = (extra: Record<string, string>) => tokenRequest(server.app, passwordParams(client, extra));

  // The hole: any user could mint a token for any audience with any scope.
  it.each([
    ['password', {}],
    ['password-realm', { grant_type: GRANT_TYPES.passwordRealm, realm: 'Username-Password-Authentication' }],
  ])('%s: an unregistered audience → 403 Service not found, whatever the scope', async (_label, extra) => {
    const response = await password({ audience: PAYMENTS, scope: 'admin:all', ...extra });
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual(serviceNotFound(PAYMENTS));
  });

  it('refuses an unregistered audience before MFA is even asked', async () => {
    await enableMfa(server.app);
    const response = await password({ audience: PAYMENTS, scope: 'openid' });
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual(serviceNotFound(PAYMENTS));
  });

  it('refuses an unregistered audience before the password is checked, so it costs no login attempt', async () => {
    const attempts = PASSWORD_FAILURE_BUCKET.capacity + 5;
    for (let i = 0; i < attempts; i++) {
      expect(json(await password({ audience: PAYMENTS, password: `guess ${i}` }))).toEqual(serviceNotFound(PAYMENTS));
    }
    expect((await password({})).statusCode).toBe(200);
  });

  it("drops scopes the API does not define; OIDC scopes stay; the API's token_lifetime sets expires_in", async () => {
    await registerApi(server.app, PAYMENTS, ['read:payments'], { token_lifetime: 3600 });
    const response = await password({ audience: PAYMENTS, scope: 'openid email read:payments admin:all' });
    expect(response.statusCode).toBe(200);
    const body = json(response) as TokenBody;
    expect(body).toEqual({ access_token: expect.stringMatching(JWT), id_token: expect.stringMatching(JWT), scope: 'openid email read:payments', expires_in: 3600, token_type: 'Bearer' });
    const iat = nowSeconds(server);
    expect((await verifyJwt(server, body.access_token, PAYMENTS)).payload).toMatchObject({ scope: 'openid email read:payments', iat, exp: iat + 3600 });
  });

  it.each([
    [false, 'openid read:things', undefined],
    [true, 'openid offline_access read:things', expect.stringMatching(REFRESH_TOKEN)],
  ])('allow_offline_access %s: offline_access and a refresh token only when the API allows them', async (allow, scope, refreshToken) => {
    await registerApi(server.app, THINGS_API, ['read:things'], { allow_offline_access: allow });
    const body = json(await password({ audience: THINGS_API, scope: 'openid offline_access read:things' })) as TokenBody;
    expect(body.scope).toBe(scope);
    expect(body.refresh_token).toEqual(refreshToken);
  });

  it('keeps the default audience (userinfo): OIDC scopes with a refresh token, other scopes dropped', async () => {
    const body = json(await password({ scope: 'openid offline_access read:things' })) as TokenBody;
    expect(body.scope).toBe('openid offline_access');
    expect(body.refresh_token).toMatch(REFRESH_TOKEN);
  });

  it('a refresh token stops working once its API is deleted', async () => {
    const api = await registerApi(server.app, THINGS_API, ['read:things'], { allow_offline_access: true });
    const { refresh_token: refreshToken } = json(await password({ audience: THINGS_API, scope: 'offline_access read:things' })) as TokenBody;
    expect((await mgmt(server.app, 'DELETE', `/api/v2/resource-servers/${api.id}`)).statusCode).toBe(204);
    const response = await tokenRequest(server.app, { grant_type: 'refresh_token', client_id: client.client_id, client_secret: client.client_secret, refresh_token: refreshToken ?? '' });
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual(serviceNotFound(THINGS_API));
  });

  describe('client_credentials', () => {
    it("issues the granted scopes the API still defines, for the API's token_lifetime", async () => {
      const api = await registerApi(server.app, PAYMENTS, ['read:payments', 'refund:payments'], { token_lifetime: 900 });
      const machine = await createClient(server.app, [GRANT_TYPES.clientCredentials], 'Billing');
      const grant = await mgmt(server.app, 'POST', '/api/v2/client-grants', { client_id: machine.client_id, audience: PAYMENTS, scope: ['read:payments', 'refund:payments'] });
      expect(grant.statusCode).toBe(201);
      const ask = (scope?: string) =>
        tokenRequest(server.app, { grant_type: 'client_credentials', client_id: machine.client_id, client_secret: machine.client_secret, audience: PAYMENTS, ...(scope ? { scope } : {}) });
      expect(json(await ask())).toEqual({ access_token: expect.stringMatching(JWT), scope: 'read:payments refund:payments', expires_in: 900, token_type: 'Bearer' });

      await mgmt(server.app, 'PATCH', `/api/v2/resource-servers/${api.id}`, { scopes: [{ value: 'read:payments' }] });
      expect(json(await ask())).toEqual({ access_token: expect.stringMatching(JWT), scope: 'read:payments', expires_in: 900, token_type: 'Bearer' });
      const refused = await ask('refund:payments');
      expect(refused.statusCode).toBe(403);
      expect(json(refused)).toEqual(oauthError('access_denied', 'Client has not been granted scopes: refund:payments'));
    });

    it('an unregistered audience → 403 Service not found, even for the admin client', async () => {
      const admin = await tokenRequest(server.app, { grant_type: 'client_credentials', client_id: ADMIN.clientId, client_secret: ADMIN.clientSecret, audience: PAYMENTS });
      expect(admin.statusCode).toBe(403);
      expect(json(admin)).toEqual(serviceNotFound(PAYMENTS));
    });
  });
});
