import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, buildTestServer, createClient, ISSUER, json, MFA_AUDIENCE, MGMT_AUDIENCE, mgmt, tokenRequest, type TestServer } from '../../helpers/server.js';
import { createClientWith, nowSeconds, oauthError, tokenJson, verifyJwt } from '../../helpers/oauth.js';
import { MANAGEMENT_SCOPES } from '../../../server/scopes.js';

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const ALL_SCOPES = MANAGEMENT_SCOPES.join(' ');
const notAuthorized = (audience: string) =>
  oauthError('access_denied', `Client is not authorized to access "${audience}". You need to create a "client-grant" associated to this API.`);

describe('POST /oauth/token: client_credentials grant', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await buildTestServer();
  });
  afterEach(() => server.close());

  const asAdmin = (params: Record<string, string>) =>
    tokenRequest(server.app, { grant_type: 'client_credentials', client_id: ADMIN.clientId, client_secret: ADMIN.clientSecret, ...params });

  it('gives the admin client a Management API token with every scope', async () => {
    const response = await asAdmin({ audience: MGMT_AUDIENCE });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.pragma).toBe('no-cache');
    const body = json(response) as { access_token: string };
    expect(body).toEqual({ access_token: expect.stringMatching(JWT), scope: ALL_SCOPES, expires_in: 86400, token_type: 'Bearer' });
    const iat = nowSeconds(server);
    const verified = await verifyJwt(server, body.access_token, MGMT_AUDIENCE);
    expect(verified.payload).toEqual({
      iss: ISSUER,
      sub: `${ADMIN.clientId}@clients`,
      aud: MGMT_AUDIENCE,
      azp: ADMIN.clientId,
      scope: ALL_SCOPES,
      gty: 'client-credentials',
      iat,
      exp: iat + 86400,
    });
    expect(verified.header).toEqual({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
  });

  it('accepts a JSON body too', async () => {
    const response = await tokenJson(server.app, { grant_type: 'client_credentials', client_id: ADMIN.clientId, client_secret: ADMIN.clientSecret, audience: MGMT_AUDIENCE, scope: 'read:users' });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({ access_token: expect.stringMatching(JWT), scope: 'read:users', expires_in: 86400, token_type: 'Bearer' });
  });

  it('narrows to the requested scopes, and the token carries only those', async () => {
    const response = await asAdmin({ audience: MGMT_AUDIENCE, scope: 'read:users  read:clients read:users' });
    const body = json(response) as { access_token: string };
    expect(body).toEqual({ access_token: expect.stringMatching(JWT), scope: 'read:users read:clients', expires_in: 86400, token_type: 'Bearer' });
    expect((await verifyJwt(server, body.access_token, MGMT_AUDIENCE)).payload.scope).toBe('read:users read:clients');
    expect((await mgmt(server.app, 'GET', '/api/v2/users', undefined, body.access_token)).statusCode).toBe(200);
    expect((await mgmt(server.app, 'GET', '/api/v2/guardian/factors', undefined, body.access_token)).statusCode).toBe(403);
  });

  const ungranted = [
    { scope: 'read:everything', missing: 'read:everything' },
    { scope: 'read:users delete:universe openid', missing: 'delete:universe, openid' },
    { scope: 'enroll read:authenticators', missing: 'enroll, read:authenticators' },
  ];
  it.each(ungranted)('refuses ungranted scopes in "$scope" → 403 access_denied', async ({ scope, missing }) => {
    const response = await asAdmin({ audience: MGMT_AUDIENCE, scope });
    expect(response.statusCode).toBe(403);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(json(response)).toEqual(oauthError('access_denied', `Client has not been granted scopes: ${missing}`));
  });

  const otherAudiences = [MFA_AUDIENCE, `${ISSUER}userinfo`];
  it.each(otherAudiences)('refuses an audience without a client grant: %s', async (audience) => {
    const response = await asAdmin({ audience });
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual(notAuthorized(audience));
  });

  const unregistered = [`${ISSUER}api/v2`, 'https://api.example.com/', 'https://payments.example.com/'];
  it.each(unregistered)('refuses an audience no API is registered for: %s → 403 Service not found', async (audience) => {
    const response = await asAdmin({ audience });
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual(oauthError('access_denied', `Service not found: ${audience}`));
  });

  it('refuses a client without a client grant, and serves it once one exists', async () => {
    const machine = await createClient(server.app, ['client_credentials'], 'Machine');
    const ask = (scope?: string) =>
      tokenRequest(server.app, {
        grant_type: 'client_credentials',
        client_id: machine.client_id,
        client_secret: machine.client_secret,
        audience: MGMT_AUDIENCE,
        ...(scope === undefined ? {} : { scope }),
      });
    const refused = await ask();
    expect(refused.statusCode).toBe(403);
    expect(json(refused)).toEqual(notAuthorized(MGMT_AUDIENCE));

    const grant = await mgmt(server.app, 'POST', '/api/v2/client-grants', { client_id: machine.client_id, audience: MGMT_AUDIENCE, scope: ['read:users', 'read:logs'] });
    expect(grant.statusCode).toBe(201);
    const granted = await ask();
    expect(json(granted)).toEqual({ access_token: expect.stringMatching(JWT), scope: 'read:users read:logs', expires_in: 86400, token_type: 'Bearer' });
    const { access_token: accessToken } = json(granted) as { access_token: string };
    expect((await verifyJwt(server, accessToken, MGMT_AUDIENCE)).payload).toMatchObject({ sub: `${machine.client_id}@clients`, azp: machine.client_id });

    const wider = await ask('read:users create:users');
    expect(wider.statusCode).toBe(403);
    expect(json(wider)).toEqual(oauthError('access_denied', 'Client has not been granted scopes: create:users'));

    const { id } = json(grant) as { id: string };
    expect((await mgmt(server.app, 'DELETE', `/api/v2/client-grants/${id}`)).statusCode).toBe(204);
    expect(json(await ask())).toEqual(notAuthorized(MGMT_AUDIENCE));
  });

  it('refuses a public client even when it has a client grant (RFC 6749 §4.4)', async () => {
    const spa = await createClientWith(server.app, { name: 'SPA', app_type: 'spa' });
    expect(spa.token_endpoint_auth_method).toBe('none');
    await mgmt(server.app, 'POST', '/api/v2/client-grants', { client_id: spa.client_id, audience: MGMT_AUDIENCE, scope: ['read:users'] });
    const expected = oauthError('unauthorized_client', "Grant type 'client_credentials' not allowed for the client.");

    const bare = await tokenRequest(server.app, { grant_type: 'client_credentials', client_id: spa.client_id, audience: MGMT_AUDIENCE });
    expect(bare.statusCode).toBe(403);
    expect(json(bare)).toEqual(expected);
    const withSecret = await tokenRequest(server.app, { grant_type: 'client_credentials', client_id: spa.client_id, client_secret: spa.client_secret, audience: MGMT_AUDIENCE });
    expect(json(withSecret)).toEqual(expected);
  });

  it('requires the audience', async () => {
    const response = await asAdmin({ scope: 'read:users' });
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(oauthError('invalid_request', 'Missing required parameter: audience'));
  });

  it('requires the client secret', async () => {
    const response = await tokenRequest(server.app, { grant_type: 'client_credentials', client_id: ADMIN.clientId, audience: MGMT_AUDIENCE });
    expect(response.statusCode).toBe(401);
    expect(json(response)).toEqual(oauthError('invalid_client', 'Client authentication failed.'));
  });

  it('refuses OIDC scopes: a machine has no user to identify', async () => {
    const response = await asAdmin({ audience: MGMT_AUDIENCE, scope: 'openid offline_access' });
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual(oauthError('access_denied', 'Client has not been granted scopes: openid, offline_access'));
  });
});
