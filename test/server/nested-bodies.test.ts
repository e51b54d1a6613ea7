import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolledTenant, mgmtRaw, type EnrolledTenant } from '../helpers/management.js';
import { buildTestServer, loginForMfaToken, managementToken, PASSWORD, type TestServer } from '../helpers/server.js';

/** 5,000 levels, as JSON text: the depth that overflowed the stack when a value was serialized. */
const LEVELS = 5000;
const DEEP_OBJECT = `${'{"k":'.repeat(LEVELS)}1${'}'.repeat(LEVELS)}`;
const DEEP_ARRAY = `${'['.repeat(LEVELS)}${']'.repeat(LEVELS)}`;

/** Every body field some route reads: a deep value goes into each, beside an otherwise valid body. */
const FIELDS = [
  'user_metadata', 'app_metadata', 'name', 'email', 'scope', 'grant_types', 'callbacks', 'enabled', 'user_ids', 'q',
  'authenticator_types', 'phone_number', 'push_credentials', 'public_key', 'identifier', 'challenge_response',
  'ticket', 'code', 'csrf', 'otp', 'mfa_token', 'unknown_field',
];

interface Route {
  method: 'POST' | 'PUT' | 'PATCH';
  url: string;
  bearer?: string;
  /** Fields of a body the route would otherwise accept, so validation reaches the deep one. */
  base?: Record<string, unknown>;
}

function everyBodyRoute(f: EnrolledTenant, token: string, mfaToken: string): Route[] {
  const user = encodeURIComponent(f.user.user_id);
  const client = { client_id: f.client.client_id, client_secret: f.client.client_secret };
  const mgmt = (method: Route['method'], path: string, base?: Record<string, unknown>): Route => ({ method, url: `/api/v2${path}`, bearer: token, ...(base ? { base } : {}) });
  return [
    // A wrong secret fails after the body is validated but before the (slow) password hash.
    { method: 'POST', url: '/oauth/token', base: { ...client, client_secret: 'wrong', grant_type: 'password', username: f.user.email, password: PASSWORD } },
    { method: 'POST', url: '/mfa/associate', bearer: mfaToken, base: { ...client, authenticator_types: ['otp'] } },
    { method: 'POST', url: '/mfa/challenge', base: { ...client, mfa_token: mfaToken, challenge_type: 'otp' } },
    { method: 'POST', url: '/appliance-mfa/api/enroll', bearer: 'not-a-ticket' },
    { method: 'POST', url: '/appliance-mfa/api/resolve-transaction', bearer: 'not-a-token' },
    { method: 'PATCH', url: '/appliance-mfa/api/device-accounts/dev_0000000000000000', bearer: 'not-a-token' },
    { method: 'POST', url: '/guardian/enroll/start' },
    { method: 'POST', url: '/guardian/enroll/confirm' },
    mgmt('POST', '/users', { connection: 'Username-Password-Authentication', email: 'deep@example.com', password: 'long enough pass' }),
    mgmt('PATCH', `/users/${user}`, {}),
    mgmt('POST', '/clients', { name: 'Deep' }),
    mgmt('PATCH', `/clients/${f.client.client_id}`, {}),
    mgmt('POST', '/client-grants'),
    mgmt('PATCH', '/client-grants/cgr_0000000000000000'),
    mgmt('POST', '/guardian/enrollments/ticket', { user_id: f.user.user_id }),
    mgmt('PUT', '/guardian/factors/otp', { enabled: true }),
    mgmt('PUT', '/guardian/factors/push-notification/settings'),
    mgmt('PUT', '/guardian/policies'),
    mgmt('POST', '/jobs/mfa-reset', { user_ids: [f.user.user_id], dry_run: true }),
    mgmt('POST', `/users/${user}/authentication-methods`, { type: 'totp' }),
    mgmt('PUT', `/users/${user}/authentication-methods`),
    mgmt('PATCH', `/users/${user}/authentication-methods/totp%7Cdev_0000000000000000`),
    mgmt('POST', `/users/${user}/multifactor/actions/invalidate-remember-browser`),
    mgmt('POST', `/users/${user}/multifactor/actions/unlock-push`),
    mgmt('POST', `/users/${user}/recovery-code-regeneration`),
  ];
}

/** The body with one field replaced by the deep value, written as text around the valid fields. */
function withDeepField(base: Record<string, unknown>, field: string, deep: string): string {
  const { [field]: _replaced, ...rest } = base;
  const prefix = JSON.stringify(rest).slice(0, -1);
  return `${prefix}${prefix.length > 1 ? ',' : ''}"${field}":${deep}}`;
}

/** The routes need the fixture's ids and tokens, so the table indexes them; a new body route must be added here. */
const ROUTE_COUNT = 25;

// Every case must be refused, so nothing a case does changes what the next one sees: one server serves all.
describe('a body nested 5,000 levels deep, on every route that takes a body', () => {
  let server: TestServer;
  let routes: Route[];
  beforeAll(async () => {
    server = await buildTestServer();
    const tenant = await enrolledTenant(server);
    routes = everyBodyRoute(tenant, await managementToken(server.app), await loginForMfaToken(server.app, tenant.client));
  });
  afterAll(() => server.close());

  it('covers every route that takes a body', () => {
    expect(routes).toHaveLength(ROUTE_COUNT);
  });

  it.each(Array.from({ length: ROUTE_COUNT }, (_, index) => index))('route #%i never answers with a 5xx', async (index) => {
    const route = routes[index] as Route;
    const bodies = [DEEP_ARRAY, DEEP_OBJECT, ...FIELDS.flatMap((field) => [withDeepField(route.base ?? {}, field, DEEP_OBJECT), withDeepField(route.base ?? {}, field, `[${DEEP_ARRAY}]`)])];
    const answers = new Set<number>();
    for (const body of bodies) answers.add((await mgmtRaw(server.app, route.method, route.url, route.bearer, body, 'application/json')).statusCode);
    // Routes without a body schema (the multifactor actions) ignore the body and may succeed.
    expect([...answers].filter((status) => status >= 500), `${route.method} ${route.url}`).toEqual([]);
  });
});
