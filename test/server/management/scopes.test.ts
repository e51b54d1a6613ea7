import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MANAGEMENT_SCOPES, type ManagementScope } from '../../../server/scopes.js';
import {
  createMachineClient,
  DATABASE_CONNECTION,
  enrolledTenant,
  insufficientScope,
  mgmtRaw,
  scopesExcept,
  stateSnapshot,
  type EnrolledTenant,
  type MachineClient,
} from '../../helpers/management.js';
import { registerApi, type ApiBody } from '../../helpers/resource-servers.js';
import { startLogReceiver, type LogReceiver } from '../../helpers/log-receiver.js';
import { ADMIN, buildTestServer, json, managementToken, mgmt, MGMT_AUDIENCE, PASSWORD, type TestServer } from '../../helpers/server.js';

interface Fixture extends EnrolledTenant {
  machine: MachineClient;
  api: ApiBody;
  stream: { id: string };
  credential: { id: string };
}

/** A public key for the client credential routes. */
const PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

interface RouteCase {
  scope: ManagementScope;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** With `{user}`, `{client}`, `{grant}`, `{api}`, `{stream}` and `{credential}` standing for the fixture's ids. */
  path: string;
  body?: (f: Fixture) => unknown;
  /** The status the same request gets with a token holding only `scope`. */
  success: number;
  /** The route sends rather than stores (the test event): only the audit log, which the snapshot leaves out, changes. */
  readOnly?: boolean;
}

/** Every Management route this server serves, with the one scope it needs (Auth0 scopes, https://auth0.com/docs/api/management/v2). */
const ROUTES: RouteCase[] = [
  {
    scope: 'create:users',
    method: 'POST',
    path: '/api/v2/users',
    body: () => ({ connection: DATABASE_CONNECTION, email: 'grace@example.com', password: PASSWORD }),
    success: 201,
  },
  { scope: 'read:users', method: 'GET', path: '/api/v2/users', success: 200 },
  { scope: 'read:users', method: 'GET', path: '/api/v2/users/{user}', success: 200 },
  { scope: 'read:users', method: 'GET', path: '/api/v2/users-by-email?email=ada%40example.com', success: 200 },
  { scope: 'update:users', method: 'PATCH', path: '/api/v2/users/{user}', body: () => ({ name: 'Ada King' }), success: 200 },
  { scope: 'delete:users', method: 'DELETE', path: '/api/v2/users/{user}', success: 204 },
  { scope: 'create:clients', method: 'POST', path: '/api/v2/clients', body: () => ({ name: 'Another App' }), success: 201 },
  { scope: 'read:clients', method: 'GET', path: '/api/v2/clients', success: 200 },
  { scope: 'read:clients', method: 'GET', path: '/api/v2/clients/{client}', success: 200 },
  { scope: 'update:clients', method: 'PATCH', path: '/api/v2/clients/{client}', body: () => ({ name: 'Renamed' }), success: 200 },
  // Auth0 "Update a client": client_secret only with update:client_keys, whatever else the token holds.
  {
    scope: 'update:client_keys',
    method: 'PATCH',
    path: '/api/v2/clients/{client}',
    body: () => ({ client_secret: 'a-brand-new-secret-of-enough-length' }),
    success: 200,
  },
  { scope: 'update:client_keys', method: 'POST', path: '/api/v2/clients/{client}/rotate-secret', success: 200 },
  // Auth0 "Update a client": client_authentication_methods only with update:client_credentials.
  {
    scope: 'update:client_credentials',
    method: 'PATCH',
    path: '/api/v2/clients/{client}',
    body: (f) => ({ client_authentication_methods: { private_key_jwt: { credentials: [{ id: f.credential.id }] } } }),
    success: 200,
  },
  {
    scope: 'create:client_credentials',
    method: 'POST',
    path: '/api/v2/clients/{client}/credentials',
    body: () => ({ credential_type: 'public_key', pem: PEM }),
    success: 201,
  },
  { scope: 'read:client_credentials', method: 'GET', path: '/api/v2/clients/{client}/credentials', success: 200 },
  { scope: 'read:client_credentials', method: 'GET', path: '/api/v2/clients/{client}/credentials/{credential}', success: 200 },
  {
    scope: 'update:client_credentials',
    method: 'PATCH',
    path: '/api/v2/clients/{client}/credentials/{credential}',
    body: () => ({ expires_at: '2030-01-01T00:00:00.000Z' }),
    success: 200,
  },
  { scope: 'delete:client_credentials', method: 'DELETE', path: '/api/v2/clients/{client}/credentials/{credential}', success: 204 },
  { scope: 'delete:clients', method: 'DELETE', path: '/api/v2/clients/{client}', success: 204 },
  { scope: 'read:client_grants', method: 'GET', path: '/api/v2/client-grants', success: 200 },
  {
    scope: 'create:client_grants',
    method: 'POST',
    path: '/api/v2/client-grants',
    body: (f) => ({ client_id: f.client.client_id, audience: MGMT_AUDIENCE, scope: ['read:users'] }),
    success: 201,
  },
  {
    scope: 'update:client_grants',
    method: 'PATCH',
    path: '/api/v2/client-grants/{grant}',
    body: () => ({ scope: ['read:clients'] }),
    success: 200,
  },
  { scope: 'delete:client_grants', method: 'DELETE', path: '/api/v2/client-grants/{grant}', success: 204 },
  { scope: 'read:resource_servers', method: 'GET', path: '/api/v2/resource-servers', success: 200 },
  { scope: 'read:resource_servers', method: 'GET', path: '/api/v2/resource-servers/{api}', success: 200 },
  {
    scope: 'create:resource_servers',
    method: 'POST',
    path: '/api/v2/resource-servers',
    body: () => ({ identifier: 'https://payments.example.com/' }),
    success: 201,
  },
  { scope: 'update:resource_servers', method: 'PATCH', path: '/api/v2/resource-servers/{api}', body: () => ({ name: 'Renamed' }), success: 200 },
  { scope: 'delete:resource_servers', method: 'DELETE', path: '/api/v2/resource-servers/{api}', success: 204 },
  { scope: 'read:guardian_factors', method: 'GET', path: '/api/v2/guardian/factors', success: 200 },
  { scope: 'update:guardian_factors', method: 'PUT', path: '/api/v2/guardian/factors/otp', body: () => ({ enabled: false }), success: 200 },
  { scope: 'read:guardian_factors', method: 'GET', path: '/api/v2/guardian/settings', success: 200 },
  {
    scope: 'update:guardian_factors',
    method: 'PUT',
    path: '/api/v2/guardian/settings',
    body: () => ({ display_remember_me_checkbox: false, remember_me_default_value: true, mfa_session_inactivity_timeout: 3600, mfa_session_overall_timeout: 86_400 }),
    success: 200,
  },
  { scope: 'read:mfa_policies', method: 'GET', path: '/api/v2/guardian/policies', success: 200 },
  { scope: 'update:mfa_policies', method: 'PUT', path: '/api/v2/guardian/policies', body: () => [], success: 200 },
  { scope: 'delete:guardian_enrollments', method: 'DELETE', path: '/api/v2/users/{user}/authenticators', success: 204 },
  { scope: 'update:users', method: 'POST', path: '/api/v2/users/{user}/recovery-code-regeneration', success: 200 },
  { scope: 'read:log_streams', method: 'GET', path: '/api/v2/log-streams', success: 200 },
  { scope: 'read:log_streams', method: 'GET', path: '/api/v2/log-streams/{stream}', success: 200 },
  {
    scope: 'create:log_streams',
    method: 'POST',
    path: '/api/v2/log-streams',
    body: () => ({ name: 'SIEM', type: 'http', sink: { httpEndpoint: 'https://logs.example.com/' } }),
    success: 200,
  },
  { scope: 'update:log_streams', method: 'PATCH', path: '/api/v2/log-streams/{stream}', body: () => ({ name: 'Renamed' }), success: 200 },
  { scope: 'update:log_streams', method: 'POST', path: '/api/v2/log-streams/{stream}/test', success: 200, readOnly: true },
  { scope: 'delete:log_streams', method: 'DELETE', path: '/api/v2/log-streams/{stream}', success: 204 },
  { scope: 'read:guardian_factors', method: 'GET', path: '/api/v2/guardian/alerts', success: 200 },
  { scope: 'update:guardian_factors', method: 'PATCH', path: '/api/v2/guardian/alerts', body: () => ({ push_fatigue: { lock_push: true } }), success: 200 },
];

function resolve(path: string, f: Fixture): string {
  return path
    .replace('{user}', f.user.user_id)
    .replace('{client}', f.client.client_id)
    .replace('{grant}', f.machine.grant_id)
    .replace('{api}', f.api.id)
    .replace('{stream}', f.stream.id)
    .replace('{credential}', f.credential.id);
}

describe('Management API scope matrix', () => {
  let server: TestServer;
  let fixture: Fixture;
  let receiver: LogReceiver;
  beforeEach(async () => {
    server = await buildTestServer();
    const tenant = await enrolledTenant(server);
    // A receiver that never answers: the stream's first delivery stays in flight, so its row does not
    // change under the snapshots (a success would move the cursor).
    receiver = await startLogReceiver();
    receiver.answer('hang');
    const stream = json(await mgmt(server.app, 'POST', '/api/v2/log-streams', { name: 'Fixture', type: 'http', sink: { httpEndpoint: receiver.url } })) as { id: string };
    await receiver.until(() => receiver.requests.length === 1);
    // Paused, a failure of that delivery (its 10 s timeout on a slow run) changes nothing either.
    await mgmt(server.app, 'PATCH', `/api/v2/log-streams/${stream.id}`, { status: 'paused' });
    // Later requests (the test event) are answered.
    receiver.answer(200);
    const credential = json(await mgmt(server.app, 'POST', `/api/v2/clients/${tenant.client.client_id}/credentials`, { credential_type: 'public_key', pem: PEM })) as { id: string };
    fixture = { ...tenant, machine: await createMachineClient(server.app, ['read:users']), api: await registerApi(server.app), stream, credential };
  });
  afterEach(async () => {
    await server.close();
    await receiver.close();
  });

  it('names only scopes this server knows', () => {
    for (const route of ROUTES) expect(MANAGEMENT_SCOPES).toContain(route.scope);
  });

  it.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s: every scope but the right one → 403, nothing changed; the right one alone → success',
    async (_label, route) => {
      const { app } = server;
      const denied = await managementToken(app, scopesExcept(route.scope));
      const allowed = await managementToken(app, route.scope);
      const payload = route.body === undefined ? undefined : JSON.stringify(route.body(fixture));
      const contentType = payload === undefined ? undefined : 'application/json';
      const before = await stateSnapshot(server);

      const refused = await mgmtRaw(app, route.method, resolve(route.path, fixture), denied, payload, contentType);
      expect(refused.statusCode).toBe(403);
      expect(json(refused)).toEqual(insufficientScope(route.scope));
      expect(await stateSnapshot(server)).toEqual(before);

      const accepted = await mgmtRaw(app, route.method, resolve(route.path, fixture), allowed, payload, contentType);
      expect(accepted.statusCode, accepted.body).toBe(route.success);
      // The snapshot sees writes, so "unchanged" above is not vacuous.
      if (route.method !== 'GET' && route.readOnly !== true) expect(await stateSnapshot(server)).not.toEqual(before);
    },
  );
});

/** Auth0 "Get clients": client_secret "can only be retrieved with the read:client_keys scope". */
describe('Management API scope matrix: client keys', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await buildTestServer();
  });
  afterEach(() => server.close());

  const secrets = (body: unknown) => (Array.isArray(body) ? body : [body]).map((client) => (client as { client_secret?: string }).client_secret);

  it.each([
    ['/api/v2/clients'],
    ['/api/v2/clients/{client}'],
  ])('GET %s: every scope but read:client_keys → no secret; read:clients with read:client_keys → the secret', async (path) => {
    const { app } = server;
    const url = path.replace('{client}', ADMIN.clientId);
    const without = await mgmtRaw(app, 'GET', url, await managementToken(app, scopesExcept('read:client_keys')));
    expect(without.statusCode).toBe(200);
    expect(secrets(json(without))).toEqual([undefined]);
    const withKeys = await mgmtRaw(app, 'GET', url, await managementToken(app, 'read:clients read:client_keys'));
    expect(secrets(json(withKeys))).toEqual([ADMIN.clientSecret]);
  });
});
