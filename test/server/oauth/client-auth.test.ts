import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, buildTestServer, createClient, createUser, json, mgmt, tokenRequest, type TestClient, type TestServer } from '../../helpers/server.js';
import { basicAuth, createClientWith, oauthError, passwordParams, tokenJson, tokenRaw } from '../../helpers/oauth.js';

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const INVALID_CLIENT = oauthError('invalid_client', 'Client authentication failed.');
const OK_BODY = { access_token: expect.stringMatching(JWT), expires_in: 86400, token_type: 'Bearer' };

describe('POST /oauth/token: client authentication', () => {
  let server: TestServer;
  let client: TestClient;
  let other: TestClient;
  beforeEach(async () => {
    server = await buildTestServer();
    client = await createClient(server.app);
    other = await createClient(server.app, undefined, 'Other App');
    await createUser(server.app);
  });
  afterEach(() => server.close());

  /** The password grant without any client credentials: each case adds its own. */
  const login = (credentials: Record<string, string>, headers: Record<string, string> = {}) => {
    const { client_id: _id, client_secret: _secret, ...params } = passwordParams(client);
    return tokenRaw(server.app, new URLSearchParams({ ...params, ...credentials }).toString(), 'application/x-www-form-urlencoded', headers);
  };

  it('accepts client_secret_post', async () => {
    const response = await login({ client_id: client.client_id, client_secret: client.client_secret });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual(OK_BODY);
  });

  it('accepts client_secret_basic', async () => {
    const response = await login({}, { authorization: basicAuth(client.client_id, client.client_secret) });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual(OK_BODY);
  });

  it('accepts client_secret_basic with the same client_id repeated in the body', async () => {
    const response = await login({ client_id: client.client_id }, { authorization: basicAuth(client.client_id, client.client_secret) });
    expect(response.statusCode).toBe(200);
  });

  it('accepts client_secret_basic on a JSON body', async () => {
    const { client_id: _id, client_secret: _secret, ...params } = passwordParams(client);
    const response = await tokenJson(server.app, params, { authorization: basicAuth(client.client_id, client.client_secret) });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual(OK_BODY);
  });

  it('refuses a body client_id that differs from the Basic one', async () => {
    const response = await login({ client_id: other.client_id }, { authorization: basicAuth(client.client_id, client.client_secret) });
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(oauthError('invalid_request', 'client_id does not match the authenticated client.'));
  });

  const invalidClientCases: { name: string; credentials: (c: TestClient, o: TestClient) => Record<string, string>; basic?: (c: TestClient, o: TestClient) => string }[] = [
    { name: 'wrong secret (post)', credentials: (c) => ({ client_id: c.client_id, client_secret: 'wrong-secret' }) },
    { name: 'no secret (post)', credentials: (c) => ({ client_id: c.client_id }) },
    { name: 'empty secret (post)', credentials: (c) => ({ client_id: c.client_id, client_secret: '' }) },
    { name: 'secret in another case', credentials: (c) => ({ client_id: c.client_id, client_secret: c.client_secret.toUpperCase() }) },
    { name: 'secret with a suffix', credentials: (c) => ({ client_id: c.client_id, client_secret: `${c.client_secret}x` }) },
    { name: "another client's secret", credentials: (c, o) => ({ client_id: c.client_id, client_secret: o.client_secret }) },
    { name: 'unknown client (post)', credentials: (c) => ({ client_id: 'no-such-client', client_secret: c.client_secret }) },
    { name: 'wrong secret (basic)', credentials: () => ({}), basic: (c) => basicAuth(c.client_id, 'wrong-secret') },
    { name: 'unknown client (basic)', credentials: () => ({}), basic: (c) => basicAuth('no-such-client', c.client_secret) },
    { name: 'empty secret (basic)', credentials: () => ({}), basic: (c) => basicAuth(c.client_id, '') },
    {
      name: 'right secret in the body, wrong one in Basic',
      credentials: (c) => ({ client_secret: c.client_secret }),
      basic: (c) => basicAuth(c.client_id, 'wrong-secret'),
    },
  ];
  it.each(invalidClientCases)('$name → 401 invalid_client', async ({ credentials, basic }) => {
    const response = await login(credentials(client, other), basic ? { authorization: basic(client, other) } : {});
    expect(response.statusCode).toBe(401);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(json(response)).toEqual(INVALID_CLIENT);
  });

  const missingClientIdCases: { name: string; credentials: Record<string, string>; headers: Record<string, string> }[] = [
    { name: 'no client_id at all', credentials: {}, headers: {} },
    { name: 'empty client_id', credentials: { client_id: '' }, headers: {} },
    { name: 'a secret but no client_id', credentials: { client_secret: 'some-secret' }, headers: {} },
    { name: 'Basic credentials with an empty client_id', credentials: {}, headers: { authorization: basicAuth('', 'some-secret') } },
  ];
  it.each(missingClientIdCases)('$name → 400 invalid_request', async ({ credentials, headers }) => {
    const response = await login(credentials, headers);
    expect(response.statusCode).toBe(400);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(json(response)).toEqual(oauthError('invalid_request', 'Missing required parameter: client_id'));
  });

  it('lets a public client (token_endpoint_auth_method none) in by client_id alone', async () => {
    const pub = await createClientWith(server.app, {
      name: 'Public App',
      token_endpoint_auth_method: 'none',
      grant_types: ['password', 'refresh_token'],
    });
    expect(pub.token_endpoint_auth_method).toBe('none');
    const response = await login({ client_id: pub.client_id });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual(OK_BODY);
  });

  it('makes a native app public by default', async () => {
    const native = await createClientWith(server.app, { name: 'Native App', app_type: 'native', grant_types: ['password'] });
    expect(native.token_endpoint_auth_method).toBe('none');
    expect((await login({ client_id: native.client_id })).statusCode).toBe(200);
  });

  it('refuses the old secret once it is rotated, and accepts the new one', async () => {
    const rotated = 'a-brand-new-client-secret-0123456789';
    const patch = await mgmt(server.app, 'PATCH', `/api/v2/clients/${client.client_id}`, { client_secret: rotated });
    expect(patch.statusCode).toBe(200);
    expect(json(await login({ client_id: client.client_id, client_secret: client.client_secret }))).toEqual(INVALID_CLIENT);
    expect((await login({ client_id: client.client_id, client_secret: rotated })).statusCode).toBe(200);
  });

  it('refuses a deleted client', async () => {
    expect((await mgmt(server.app, 'DELETE', `/api/v2/clients/${client.client_id}`)).statusCode).toBe(204);
    const response = await login({ client_id: client.client_id, client_secret: client.client_secret });
    expect(response.statusCode).toBe(401);
    expect(json(response)).toEqual(INVALID_CLIENT);
  });

  it('authenticates the client before looking at the grant parameters', async () => {
    const response = await tokenRequest(server.app, { grant_type: 'password', client_id: client.client_id, client_secret: 'wrong-secret' });
    expect(response.statusCode).toBe(401);
    expect(json(response)).toEqual(INVALID_CLIENT);
  });

  it('authenticates the admin client by Basic as well', async () => {
    const response = await tokenRequest(server.app, { grant_type: 'client_credentials', audience: 'https://tessera.test/api/v2/', scope: 'read:users' });
    expect(json(response)).toEqual(oauthError('invalid_request', 'Missing required parameter: client_id'));
    const basic = await server.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(ADMIN.clientId, ADMIN.clientSecret) },
      payload: new URLSearchParams({ grant_type: 'client_credentials', audience: 'https://tessera.test/api/v2/', scope: 'read:users' }).toString(),
    });
    expect(basic.statusCode).toBe(200);
    expect(json(basic)).toEqual({ access_token: expect.stringMatching(JWT), scope: 'read:users', expires_in: 86400, token_type: 'Bearer' });
  });
});
