import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, buildTestServer, createClient, createUser, json, MGMT_AUDIENCE, tokenRequest, type TestClient, type TestServer } from '../../helpers/server.js';
import { oauthError, passwordParams, tokenJson, tokenRaw } from '../../helpers/oauth.js';

const REALM_GRANT = 'http://auth0.com/oauth/grant-type/password-realm';
const FORM = 'application/x-www-form-urlencoded';
const BODY_LIMIT = 64 * 1024;

describe('POST /oauth/token: grant dispatch and request validation', () => {
  let server: TestServer;
  let client: TestClient;
  beforeEach(async () => {
    server = await buildTestServer();
    // No user by default: almost every case is refused before anyone is looked up (and scrypt is slow).
    client = await createClient(server.app);
  });
  afterEach(() => server.close());

  const credentials = () => ({ client_id: client.client_id, client_secret: client.client_secret });
  const admin = { client_id: ADMIN.clientId, client_secret: ADMIN.clientSecret };

  describe('grant dispatch', () => {
    const notAllowedCases: { grant: string; params: Record<string, string> }[] = [
      { grant: 'password', params: { username: 'ada@example.com', password: 'whatever-it-is' } },
      { grant: REALM_GRANT, params: { username: 'ada@example.com', password: 'whatever-it-is', realm: 'Username-Password-Authentication' } },
      { grant: 'refresh_token', params: { refresh_token: 'v1.anything' } },
      { grant: 'client_credentials', params: { audience: MGMT_AUDIENCE } },
    ];
    it.each(notAllowedCases)("a client without '$grant' in its grant_types → 403 unauthorized_client", async ({ grant, params }) => {
      const narrow = await createClient(server.app, grant === 'client_credentials' ? ['password'] : ['client_credentials'], 'Narrow App');
      const response = await tokenRequest(server.app, { grant_type: grant, client_id: narrow.client_id, client_secret: narrow.client_secret, ...params });
      expect(response.statusCode).toBe(403);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(json(response)).toEqual(oauthError('unauthorized_client', `Grant type '${grant}' not allowed for the client.`));
    });

    it('the admin client may not use the password grant', async () => {
      const response = await tokenRequest(server.app, { ...passwordParams(client), ...admin });
      expect(response.statusCode).toBe(403);
      expect(json(response)).toEqual(oauthError('unauthorized_client', "Grant type 'password' not allowed for the client."));
    });

    const unsupported = [
      'authorization_code',
      'implicit',
      'http://auth0.com/oauth/grant-type/passwordless/otp',
      'urn:ietf:params:oauth:grant-type:device_code',
      'urn:ietf:params:oauth:grant-type:jwt-bearer',
      'PASSWORD',
      'password ',
      'toString',
      '__proto__',
    ];
    it.each(unsupported)("grant_type '%s' → 400 unsupported_grant_type, before client authentication", async (grant) => {
      const response = await tokenRequest(server.app, { grant_type: grant, client_id: 'no-such-client' });
      expect(response.statusCode).toBe(400);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(json(response)).toEqual(oauthError('unsupported_grant_type', `Unsupported grant type: ${grant}`));
    });

    it('a missing grant_type → 400 invalid_request (form and JSON)', async () => {
      const expected = oauthError('invalid_request', 'Missing required parameter: grant_type');
      const form = await tokenRequest(server.app, credentials());
      expect(form.statusCode).toBe(400);
      expect(json(form)).toEqual(expected);
      const body = await tokenJson(server.app, credentials());
      expect(body.statusCode).toBe(400);
      expect(json(body)).toEqual(expected);
    });

    it('a request with no body at all → 400 missing grant_type', async () => {
      const response = await server.app.inject({ method: 'POST', url: '/oauth/token' });
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(oauthError('invalid_request', 'Missing required parameter: grant_type'));
    });

    it('GET /oauth/token is not a route', async () => {
      const response = await server.app.inject({ method: 'GET', url: '/oauth/token?grant_type=password' });
      expect(response.statusCode).toBe(404);
      expect(json(response)).toEqual(oauthError('not_found', 'Not Found'));
    });
  });

  describe('parameters', () => {
    type Row = { name: string; body: () => Record<string, unknown>; description: string };
    const password = (extra: Record<string, unknown>, omit: string[] = []) => () => {
      const body: Record<string, unknown> = { ...passwordParams(client), ...extra };
      for (const key of omit) delete body[key];
      return body;
    };
    const rows: Row[] = [
      { name: 'grant_type as a number', body: () => ({ grant_type: 5, ...credentials() }), description: 'Invalid parameter: grant_type must be of type string' },
      { name: 'grant_type as an array', body: () => ({ grant_type: ['password'], ...credentials() }), description: 'Invalid parameter: grant_type must be of type string' },
      { name: 'grant_type null', body: () => ({ grant_type: null, ...credentials() }), description: 'Invalid parameter: grant_type must be of type string' },
      { name: 'password: no username', body: password({}, ['username']), description: 'Missing required parameter: username' },
      { name: 'password: no password', body: password({}, ['password']), description: 'Missing required parameter: password' },
      { name: 'password: username a number', body: password({ username: 123 }), description: 'Invalid parameter: username must be of type string' },
      { name: 'password: username null', body: password({ username: null }), description: 'Invalid parameter: username must be of type string' },
      { name: 'password: username an object', body: password({ username: { $ne: '' } }), description: 'Invalid parameter: username must be of type string' },
      { name: 'password: password a boolean', body: password({ password: true }), description: 'Invalid parameter: password must be of type string' },
      { name: 'password: password an array', body: password({ password: ['a', 'b'] }), description: 'Invalid parameter: password must be of type string' },
      { name: 'password: username empty', body: password({ username: '' }), description: 'Invalid parameter: username must NOT have fewer than 1 characters' },
      { name: 'password: password empty', body: password({ password: '' }), description: 'Invalid parameter: password must NOT have fewer than 1 characters' },
      { name: 'password: scope an array', body: password({ scope: ['openid'] }), description: 'Invalid parameter: scope must be of type string' },
      { name: 'password: audience a number', body: password({ audience: 1 }), description: 'Invalid parameter: audience must be of type string' },
      { name: 'password: audience empty', body: password({ audience: '' }), description: 'Invalid parameter: audience must NOT have fewer than 1 characters' },
      { name: 'password: realm a number', body: password({ realm: 7 }), description: 'Invalid parameter: realm must be of type string' },
      { name: 'password-realm: no realm', body: password({ grant_type: REALM_GRANT }), description: 'Missing required parameter: realm' },
      { name: 'password-realm: realm empty', body: password({ grant_type: REALM_GRANT, realm: '' }), description: 'Invalid parameter: realm must NOT have fewer than 1 characters' },
      { name: 'password-realm: realm an array', body: password({ grant_type: REALM_GRANT, realm: ['a'] }), description: 'Invalid parameter: realm must be of type string' },
      { name: 'refresh_token: missing', body: () => ({ grant_type: 'refresh_token', ...credentials() }), description: 'Missing required parameter: refresh_token' },
      { name: 'refresh_token: a number', body: () => ({ grant_type: 'refresh_token', refresh_token: 42, ...credentials() }), description: 'Invalid parameter: refresh_token must be of type string' },
      { name: 'refresh_token: empty', body: () => ({ grant_type: 'refresh_token', refresh_token: '', ...credentials() }), description: 'Invalid parameter: refresh_token must NOT have fewer than 1 characters' },
      { name: 'refresh_token: scope an object', body: () => ({ grant_type: 'refresh_token', refresh_token: 'v1.x', scope: {}, ...credentials() }), description: 'Invalid parameter: scope must be of type string' },
      { name: 'client_credentials: no audience', body: () => ({ grant_type: 'client_credentials', ...admin }), description: 'Missing required parameter: audience' },
      { name: 'client_credentials: audience empty', body: () => ({ grant_type: 'client_credentials', audience: '', ...admin }), description: 'Invalid parameter: audience must NOT have fewer than 1 characters' },
      { name: 'client_credentials: audience an array', body: () => ({ grant_type: 'client_credentials', audience: [MGMT_AUDIENCE], ...admin }), description: 'Invalid parameter: audience must be of type string' },
      { name: 'client_credentials: scope a number', body: () => ({ grant_type: 'client_credentials', audience: MGMT_AUDIENCE, scope: 7, ...admin }), description: 'Invalid parameter: scope must be of type string' },
    ];
    it.each(rows)('$name → 400 invalid_request', async ({ body, description }) => {
      const response = await tokenJson(server.app, body());
      expect(response.statusCode).toBe(400);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(json(response)).toEqual(oauthError('invalid_request', description));
    });

    it('a form with a repeated parameter → 400 invalid_request', async () => {
      const form = `${new URLSearchParams(passwordParams(client)).toString()}&username=grace%40example.com`;
      const response = await tokenRaw(server.app, form, FORM);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(oauthError('invalid_request', 'Invalid parameter: username must be of type string'));
    });

    it('unknown extra parameters are ignored', async () => {
      await createUser(server.app);
      const response = await tokenJson(server.app, { ...passwordParams(client), nonce: 'n-0S6_WzA2Mj', connection: 'x', device: 'laptop' });
      expect(response.statusCode).toBe(200);
    });

    it('a form with a charset parameter is accepted', async () => {
      await createUser(server.app);
      const response = await tokenRaw(server.app, new URLSearchParams(passwordParams(client)).toString(), `${FORM}; charset=UTF-8`);
      expect(response.statusCode).toBe(200);
    });

    it('a form with percent-encoded and plus-encoded values is decoded', async () => {
      await createUser(server.app);
      const form = `grant_type=password&client_id=${client.client_id}&client_secret=${client.client_secret}&username=ada%40example.com&password=correct+horse+battery%20staple`;
      const response = await tokenRaw(server.app, form, FORM);
      expect(response.statusCode).toBe(200);
    });
  });

  describe('body encodings', () => {
    const unsupportedTypes = ['text/plain', 'text/plain; charset=utf-8', 'application/xml', 'multipart/form-data; boundary=x', 'application/vnd.api+json', 'image/png'];
    it.each(unsupportedTypes)('Content-Type %s → 415 in the OAuth shape', async (type) => {
      const response = await tokenRaw(server.app, new URLSearchParams(passwordParams(client)).toString(), type);
      expect(response.statusCode).toBe(415);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(json(response)).toEqual(oauthError('invalid_request', 'Unsupported Content-Type.'));
    });

    it('a body with no Content-Type → 415', async () => {
      const response = await tokenRaw(server.app, 'grant_type=password');
      expect(response.statusCode).toBe(415);
      expect(json(response)).toEqual(oauthError('invalid_request', 'Unsupported Content-Type.'));
    });

    const badJson = [
      { name: 'truncated', payload: '{"grant_type":' },
      { name: 'single quotes', payload: "{'grant_type':'password'}" },
      { name: 'trailing comma', payload: '{"grant_type":"password",}' },
      { name: 'a form sent as JSON', payload: 'grant_type=password' },
      { name: 'control characters', payload: '\u0000\u0001' },
      { name: '__proto__ key', payload: '{"__proto__":{"isAdmin":true},"grant_type":"password"}' },
      { name: 'constructor.prototype key', payload: '{"constructor":{"prototype":{"isAdmin":true}},"grant_type":"password"}' },
    ];
    it.each(badJson)('malformed JSON ($name) → 400 invalid_request', async ({ payload }) => {
      const response = await tokenRaw(server.app, payload, 'application/json');
      expect(response.statusCode).toBe(400);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(json(response)).toEqual(oauthError('invalid_request', 'The request body is not valid JSON.'));
    });

    it('an empty JSON body reads as no parameters → 400 invalid_request naming grant_type', async () => {
      const response = await tokenRaw(server.app, '', 'application/json');
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(oauthError('invalid_request', 'Missing required parameter: grant_type'));
    });

    const notObjects = [
      { name: 'an array of parameters', body: [{ grant_type: 'password' }] },
      { name: 'an empty array', body: [] },
      { name: 'a string', body: 'grant_type=password' },
      { name: 'a number', body: 42 },
      { name: 'a boolean', body: true },
    ];
    it.each(notObjects)('a JSON body that is $name → 400 invalid_request', async ({ body }) => {
      const response = await tokenJson(server.app, body);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(oauthError('invalid_request', 'The request body must be an object.'));
    });

    it('a JSON null body reads as no parameters', async () => {
      const response = await tokenRaw(server.app, 'null', 'application/json');
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(oauthError('invalid_request', 'Missing required parameter: grant_type'));
    });

    const oversized = [
      { name: 'JSON', type: 'application/json', payload: JSON.stringify({ ...passwordParams({ client_id: 'c', client_secret: 's' }), password: 'x'.repeat(BODY_LIMIT) }) },
      { name: 'form', type: FORM, payload: new URLSearchParams({ grant_type: 'password', password: 'x'.repeat(BODY_LIMIT) }).toString() },
    ];
    it.each(oversized)('a $name body over 64 KiB → 413 invalid_request', async ({ type, payload }) => {
      const response = await tokenRaw(server.app, payload, type);
      expect(response.statusCode).toBe(413);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(json(response)).toEqual(oauthError('invalid_request', 'Request body is too large.'));
    });

    it('a body of exactly 64 KiB is parsed', async () => {
      await createUser(server.app);
      const base = JSON.stringify({ ...passwordParams(client), padding: '' });
      const response = await tokenRaw(server.app, JSON.stringify({ ...passwordParams(client), padding: 'x'.repeat(BODY_LIMIT - base.length) }), 'application/json');
      expect(response.statusCode).toBe(200);
    });
  });

  describe('garbage input never causes a 5xx', () => {
    const garbage: { name: string; payload: string; type?: string; headers?: Record<string, string> }[] = [
      { name: 'binary JSON', payload: '\u00ff\u00fe\u0000garbage', type: 'application/json' },
      { name: 'deeply nested JSON', payload: `${'['.repeat(5000)}${']'.repeat(5000)}`, type: 'application/json' },
      { name: 'deeply nested object parameter', payload: `{"grant_type":"password","username":${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}`, type: 'application/json' },
      { name: 'huge number', payload: '{"grant_type":1e999999}', type: 'application/json' },
      { name: 'unicode grant_type', payload: JSON.stringify({ grant_type: '\u202e\ud83d\ude00\u0000' }), type: 'application/json' },
      { name: 'lone surrogate', payload: '{"grant_type":"\\ud800"}', type: 'application/json' },
      { name: 'bad percent-encoding', payload: 'grant_type=%E0%A4%A&client_id=%', type: FORM },
      { name: 'form of only separators', payload: '&&&===&&', type: FORM },
      { name: 'form with bracketed keys', payload: 'grant_type[]=password&client_id[a]=b&__proto__[x]=1', type: FORM },
      { name: 'form with a 60 KiB key', payload: `${'k'.repeat(60_000)}=v&grant_type=password`, type: FORM },
      { name: 'client_id as an object', payload: JSON.stringify({ grant_type: 'password', client_id: { toString: 'x' } }), type: 'application/json' },
      { name: 'client_secret as a number', payload: JSON.stringify({ grant_type: 'client_credentials', client_id: ADMIN.clientId, client_secret: 1, audience: MGMT_AUDIENCE }), type: 'application/json' },
      { name: 'refresh token of random bytes', payload: JSON.stringify({ grant_type: 'refresh_token', client_id: ADMIN.clientId, client_secret: ADMIN.clientSecret, refresh_token: '\u0000\u00ff'.repeat(100) }), type: 'application/json' },
      { name: 'mfa_token of random bytes', payload: JSON.stringify({ grant_type: 'http://auth0.com/oauth/grant-type/mfa-otp', client_id: ADMIN.clientId, client_secret: ADMIN.clientSecret, mfa_token: 'a.b.c', otp: '123456' }), type: 'application/json' },
      { name: 'Basic header of garbage', payload: 'grant_type=password', type: FORM, headers: { authorization: 'Basic %%%' } },
      { name: 'Basic header of bad percent-encoding', payload: 'grant_type=password', type: FORM, headers: { authorization: `Basic ${Buffer.from('%zz:%').toString('base64')}` } },
      { name: 'Basic header without a colon', payload: 'grant_type=password', type: FORM, headers: { authorization: `Basic ${Buffer.from('just-an-id').toString('base64')}` } },
      { name: 'Bearer header', payload: 'grant_type=password', type: FORM, headers: { authorization: 'Bearer a.b.c' } },
      { name: 'content-type with bad parameters', payload: 'grant_type=password', type: 'application/json; charset=; ;;' },
      { name: 'lying content-length', payload: '{"grant_type":"password"}', type: 'application/json', headers: { 'content-length': '3' } },
      { name: 'gzip content-encoding', payload: '{"grant_type":"password"}', type: 'application/json', headers: { 'content-encoding': 'gzip' } },
    ];
    it.each(garbage)('$name', async ({ payload, type, headers }) => {
      const response = await tokenRaw(server.app, payload, type, headers);
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(json(response)).toEqual({ error: expect.any(String), error_description: expect.any(String) });
      expect(response.body).not.toMatch(/at .+\.(ts|js):\d+|SqliteError|FST_|ajv/i);
    });
  });
});
