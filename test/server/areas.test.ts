import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerManagementAuth } from '../../server/routes/management/auth.js';
import { buildConfiguredServer } from '../helpers/configured-server.js';
import { enrolledTenant, mgmtError } from '../helpers/management.js';
import { createUser, json, managementToken, mgmt, tokenRequest, ADMIN, MGMT_AUDIENCE, type TestServer } from '../helpers/server.js';

const OAUTH_404 = { error: 'not_found', error_description: 'Not Found' };
const MGMT_404 = mgmtError(404, 'not_found', 'Not Found');

describe('route areas', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await buildConfiguredServer();
    token = await managementToken(server.app);
  });
  afterAll(() => server.close());

  it.each([
    ['the Management API', 'GET', '/api/v2/no-such-thing', MGMT_404],
    ['the Management API (its bare prefix)', 'POST', '/api/v2', MGMT_404],
    ['the device API', 'GET', '/appliance-mfa/api/no-such-thing', MGMT_404],
    ['the device API (outside /api)', 'DELETE', '/appliance-mfa/whatever', MGMT_404],
    ['the MFA API', 'GET', '/mfa/no-such-thing', OAUTH_404],
    ['the OAuth API', 'POST', '/oauth/no-such-thing', OAUTH_404],
    ['the enrollment pages', 'GET', '/guardian/enroll/no-such-page', OAUTH_404],
    ['discovery', 'GET', '/.well-known/no-such-document', OAUTH_404],
    ['no area at all', 'GET', '/no-such-area', OAUTH_404],
  ] as const)('answers an unknown route under %s with 404 in its shape, no token needed', async (_area, method, url, body) => {
    const response = await server.app.inject({ method, url });
    expect(response.statusCode).toBe(404);
    expect(json(response)).toEqual(body);
    expect(response.headers).toMatchObject({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  });

  const NO_STORE = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
  it.each<[string, () => Promise<{ statusCode: number; headers: Record<string, unknown> }>, number, Record<string, string>]>([
    ['POST /api/v2/clients (a client secret)', () => mgmt(server.app, 'POST', '/api/v2/clients', { name: 'App' }, token), 201, NO_STORE],
    ['GET /api/v2/clients (client secrets)', () => mgmt(server.app, 'GET', '/api/v2/clients', undefined, token), 200, NO_STORE],
    ['recovery-code regeneration', async () => {
      const { user } = await enrolledTenant(server);
      return mgmt(server.app, 'POST', `/api/v2/users/${encodeURIComponent(user.user_id)}/recovery-code-regeneration`, undefined, token);
    }, 200, NO_STORE],
    ['an enrollment ticket', async () => {
      const user = await createUser(server.app, `ticket-${String(Date.now())}@example.com`);
      return mgmt(server.app, 'POST', '/api/v2/guardian/enrollments/ticket', { user_id: user.user_id }, token);
    }, 200, NO_STORE],
    ['a Management API error', () => server.app.inject({ method: 'GET', url: '/api/v2/users' }), 401, NO_STORE],
    ['a token', () => tokenRequest(server.app, { grant_type: 'client_credentials', client_id: ADMIN.clientId, client_secret: ADMIN.clientSecret, audience: MGMT_AUDIENCE }), 200, NO_STORE],
    ['a token error', () => tokenRequest(server.app, { grant_type: 'nope' }), 400, NO_STORE],
    ['an MFA API error', () => server.app.inject({ method: 'GET', url: '/mfa/authenticators' }), 401, NO_STORE],
    ['a device API error', () => server.app.inject({ method: 'POST', url: '/appliance-mfa/api/resolve-transaction', payload: {} }), 400, NO_STORE],
    ['a bad URL before routing', () => server.app.inject({ method: 'GET', url: '/api/v2/users/%E0%A4%A' }), 400, NO_STORE],
    ['the JWKS (cacheable)', () => server.app.inject({ method: 'GET', url: '/.well-known/jwks.json' }), 200, { 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' }],
    ['the OpenAPI document', () => server.app.inject({ method: 'GET', url: '/api/v2/openapi.json' }), 200, { 'x-content-type-options': 'nosniff' }],
    ['an enrollment page error', () => server.app.inject({ method: 'GET', url: '/guardian/enroll?ticket=nope' }), 400, {
      ...NO_STORE,
      'x-frame-options': 'DENY',
    }],
  ])('sends the security headers on %s', async (_label, call, status, headers) => {
    const response = await call();
    expect(response.statusCode).toBe(status);
    expect(response.headers).toMatchObject(headers);
  });

  it('keeps the enrollment pages’ content security policy', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/guardian/enroll?ticket=nope' });
    expect(response.headers['content-security-policy']).toMatch(/^default-src 'none';/);
  });
});

describe('the Management area is closed by default', () => {
  it('refuses to start when a Management route declares no scopes', async () => {
    const app = Fastify();
    const starting = async () => {
      await app.register(async (management) => {
        registerManagementAuth(management);
        management.get('/forgotten', async () => ({ secret: true }));
      }, { prefix: '/api/v2' });
      await app.ready();
    };
    await expect(starting()).rejects.toThrow('Management route GET /api/v2/forgotten declares no config.scopes');
    await app.close();
  });

  it('starts when every Management route declares its scopes', async () => {
    const app = Fastify();
    await app.register(async (management) => {
      registerManagementAuth(management);
      management.get('/scoped', { config: { scopes: ['read:users'] } }, async () => ({}));
    }, { prefix: '/api/v2' });
    await expect(app.ready()).resolves.toBe(app);
    await app.close();
  });
});
