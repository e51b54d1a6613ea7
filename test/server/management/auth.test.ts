import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRANT_TYPES } from '../../../server/grants/types.js';
import { forgeToken, mgmtError, mgmtRaw, enrolledTenant, tamperToken, unsignedToken, userCount } from '../../helpers/management.js';
import {
  ADMIN,
  buildTestServer,
  createClient,
  createUser,
  json,
  loginForMfaToken,
  managementToken,
  MFA_AUDIENCE,
  MGMT_AUDIENCE,
  oathtool,
  PASSWORD,
  tokenRequest,
  type TestServer,
} from '../../helpers/server.js';

const MISSING = mgmtError(401, 'invalid_token', 'Missing authentication');
const INVALID = mgmtError(401, 'invalid_token', 'Invalid token');
const BAD_AUDIENCE = mgmtError(401, 'invalid_token', 'Bad audience');
const EXPIRED = mgmtError(401, 'invalid_token', 'Expired token received for JSON Web Token validation');

/** An MFA-audience access token (https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authenticator-factors-mfa-api), obtained by completing mfa-otp for `audience=…/mfa/`. */
async function mfaAudienceToken(server: TestServer): Promise<string> {
  const { client, enrollment } = await enrolledTenant(server);
  const mfaToken = await loginForMfaToken(server.app, client, { audience: MFA_AUDIENCE, scope: 'enroll read:authenticators' });
  const response = await tokenRequest(server.app, {
    grant_type: GRANT_TYPES.mfaOtp,
    client_id: client.client_id,
    client_secret: client.client_secret,
    mfa_token: mfaToken,
    otp: oathtool(enrollment.secret, server.clock.now()),
  });
  if (response.statusCode !== 200) throw new Error(`mfa-otp: ${response.body}`);
  return (json(response) as { access_token: string }).access_token;
}

/** A plain user access token (audience `{issuer}userinfo`), from a password login without MFA. */
async function userinfoToken(server: TestServer): Promise<string> {
  const client = await createClient(server.app);
  const user = await createUser(server.app);
  const response = await tokenRequest(server.app, {
    grant_type: 'password',
    client_id: client.client_id,
    client_secret: client.client_secret,
    username: user.email,
    password: PASSWORD,
  });
  if (response.statusCode !== 200) throw new Error(`password: ${response.body}`);
  return (json(response) as { access_token: string }).access_token;
}

describe('Management API authentication', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await buildTestServer();
  });
  afterEach(() => server.close());

  it('accepts the admin client_credentials token', async () => {
    const response = await mgmtRaw(server.app, 'GET', '/api/v2/users', await managementToken(server.app));
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual([]);
  });

  it.each<[string, Record<string, string>]>([
    ['no Authorization header', {}],
    ['a Basic credential', { authorization: 'Basic YWRtaW46c2VjcmV0' }],
    ['Bearer with no token', { authorization: 'Bearer ' }],
    ['Bearer with two words', { authorization: 'Bearer one two' }],
    ['a bare token with no scheme', { authorization: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln' }],
  ])('refuses %s as missing authentication', async (_label, headers) => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v2/users', headers });
    expect(response.statusCode).toBe(401);
    expect(json(response)).toEqual(MISSING);
  });

  it('checks the token before the body: an anonymous caller learns nothing about it', async () => {
    for (const payload of ['{"email":', 'x'.repeat(70 * 1024), '[]']) {
      const response = await mgmtRaw(server.app, 'POST', '/api/v2/users', undefined, payload, 'application/json');
      expect(response.statusCode).toBe(401);
      expect(json(response)).toEqual(MISSING);
    }
    const form = await mgmtRaw(server.app, 'POST', '/api/v2/users', undefined, 'a=b', 'application/x-www-form-urlencoded');
    expect(json(form)).toEqual(MISSING);
    expect(await userCount(server)).toBe(0);
  });

  it('refuses a HEAD request without a token as well', async () => {
    const response = await server.app.inject({ method: 'HEAD', url: '/api/v2/users' });
    expect(response.statusCode).toBe(401);
  });

  it.each<[string, (genuine: string) => string | Promise<string>]>([
    ['garbage', () => 'garbage'],
    ['three dots of garbage', () => 'a.b.c'],
    ['a JWT signed by another RSA key with the same kid and claims', forgeToken],
    ['an unsigned (alg: none) JWT', unsignedToken],
    ['a genuine JWT whose scope was edited', (genuine) => tamperToken(genuine, { scope: 'read:users create:users' })],
    ['a genuine JWT whose expiry was pushed back', (genuine) => tamperToken(genuine, { exp: 4_102_444_800 })],
    ['a genuine JWT with its signature cut off', (genuine) => genuine.split('.').slice(0, 2).join('.') + '.'],
  ])('refuses %s as an invalid token', async (_label, make) => {
    const genuine = await managementToken(server.app, 'read:users');
    const token = await make(genuine);
    const response = await mgmtRaw(server.app, 'GET', '/api/v2/users', token);
    expect(response.statusCode).toBe(401);
    expect(json(response)).toEqual(INVALID);
  });

  it('refuses a forged token on a write route and changes nothing', async () => {
    const forged = await forgeToken(await managementToken(server.app));
    const response = await mgmtRaw(
      server.app,
      'POST',
      '/api/v2/users',
      forged,
      JSON.stringify({ connection: 'Username-Password-Authentication', email: 'mallory@example.com', password: PASSWORD }),
      'application/json',
    );
    expect(response.statusCode).toBe(401);
    expect(json(response)).toEqual(INVALID);
    expect(await userCount(server)).toBe(0);
  });

  it('accepts a token until its 24 h lifetime ends, then refuses it as expired', async () => {
    const token = await managementToken(server.app);
    server.clock.advance(86_400_000 - 1000);
    expect((await mgmtRaw(server.app, 'GET', '/api/v2/users', token)).statusCode).toBe(200);
    server.clock.advance(2000);
    const response = await mgmtRaw(server.app, 'GET', '/api/v2/users', token);
    expect(response.statusCode).toBe(401);
    expect(json(response)).toEqual(EXPIRED);
  });

  it('refuses an MFA-audience user token (wrong audience)', async () => {
    const token = await mfaAudienceToken(server);
    const response = await mgmtRaw(server.app, 'GET', '/api/v2/users', token);
    expect(response.statusCode).toBe(401);
    expect(json(response)).toEqual(BAD_AUDIENCE);
  });

  it('refuses a userinfo-audience user token (wrong audience)', async () => {
    const token = await userinfoToken(server);
    const response = await mgmtRaw(server.app, 'GET', '/api/v2/users', token);
    expect(response.statusCode).toBe(401);
    expect(json(response)).toEqual(BAD_AUDIENCE);
  });

  it('refuses a token minted with no Management scope at all', async () => {
    const token = await managementToken(server.app, '');
    const response = await mgmtRaw(server.app, 'GET', '/api/v2/users', token);
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual(mgmtError(403, 'insufficient_scope', 'Insufficient scope; expected any of: read:users.'));
  });

  it('does not let client_credentials ask for more than the client grant holds', async () => {
    const response = await tokenRequest(server.app, {
      grant_type: GRANT_TYPES.clientCredentials,
      client_id: ADMIN.clientId,
      client_secret: ADMIN.clientSecret,
      audience: MGMT_AUDIENCE,
      scope: 'read:users delete:everything',
    });
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual({ error: 'access_denied', error_description: 'Client has not been granted scopes: delete:everything' });
  });

  it('guards every /api/v2 route the server registers, not only the ones named in these tests', async () => {
    const routes = registeredRoutes(server.app.printRoutes({ commonPrefix: false })).filter(
      ({ path }) => path.startsWith('/api/v2/') && ![...PUBLIC_MANAGEMENT_PATHS, ...SIGNED_LINK_PATHS].some((prefix) => path.startsWith(prefix)),
    );
    expect(routes.length).toBeGreaterThanOrEqual(20);
    for (const { method, path } of routes) {
      const url = path.replace(/:[A-Za-z_]+|\*/g, 'x');
      const response = await server.app.inject({ method, url });
      expect(response.statusCode, `${method} ${path}`).toBe(401);
      if (method !== 'HEAD') expect(json(response), `${method} ${path}`).toEqual(MISSING);
    }
  });

  it('answers an export download without a valid signed link with 401, never the file (the link is its credential)', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/api/v2/exports/job_0000000000000000.json.gz?expires=4102444800&signature=forged' });
    expect(response.statusCode).toBe(401);
    expect(json(response)).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'The download link is invalid or has expired.', errorCode: 'invalid_token' });
  });
});

/** Read-only API documentation, public like Auth0's own. */
const PUBLIC_MANAGEMENT_PATHS = ['/api/v2/docs', '/api/v2/openapi.json'];
/** Finished export files: the pre-signed `location` of an export job is the credential, as Auth0's links are. */
const SIGNED_LINK_PATHS = ['/api/v2/exports/'];

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Flattens Fastify's `printRoutes({ commonPrefix: false })` tree into method + full path pairs. */
function registeredRoutes(tree: string): { method: Method; path: string }[] {
  const stack: string[] = [];
  const routes: { method: Method; path: string }[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(([A-Z, ]+)\)/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    const path = stack.join('').replace(/\/\//g, '/');
    for (const method of (match[3] ?? '').split(', ')) routes.push({ method: method as Method, path });
  }
  return routes;
}
