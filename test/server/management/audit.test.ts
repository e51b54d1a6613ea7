import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_CLIENT_NAME, auditRows, createMachineClient, DATABASE_CONNECTION, enrolledTenant, scopesExcept } from '../../helpers/management.js';
import { ADMIN, buildTestServer, createUser, json, managementToken, mgmt, MGMT_AUDIENCE, type TestServer } from '../../helpers/server.js';

const MANAGEMENT_TYPES = ['sapi', 'gd_tenant_update'];

/** An audit row written for the bootstrap admin application. */
const byAdmin = (row: { type: string; description: string; user_id?: string; user_name?: string; details?: unknown }) => ({
  type: row.type,
  description: row.description,
  client_id: ADMIN.clientId,
  client_name: ADMIN_CLIENT_NAME,
  user_id: row.user_id ?? null,
  user_name: row.user_name ?? null,
  details: row.details ?? {},
});

describe('Management API audit log', () => {
  let server: TestServer;
  let token: string;
  beforeEach(async () => {
    server = await buildTestServer();
    token = await managementToken(server.app);
  });
  afterEach(() => server.close());

  it('records user operations as sapi, naming the fields changed but never the password', async () => {
    const secretPassword = 'an unforgettable secret passphrase';
    const user = await createUser(server.app);
    await mgmt(server.app, 'PATCH', `/api/v2/users/${encodeURIComponent(user.user_id)}`, { name: 'Ada', password: secretPassword }, token);
    await mgmt(server.app, 'DELETE', `/api/v2/users/${encodeURIComponent(user.user_id)}`, undefined, token);
    expect(await auditRows(server, ...MANAGEMENT_TYPES)).toEqual([
      byAdmin({ type: 'sapi', description: 'Create a User', user_id: user.user_id, user_name: user.email }),
      byAdmin({ type: 'sapi', description: 'Update a User', user_id: user.user_id, user_name: user.email, details: { fields: ['name'] } }),
      byAdmin({ type: 'sapi', description: 'Delete a User', user_id: user.user_id, user_name: user.email }),
    ]);
    expect(JSON.stringify(await auditRows(server))).not.toContain(secretPassword);
  });

  it('records application and client-grant operations, never the client secret', async () => {
    const newSecret = 'a-rotated-secret-nobody-should-log';
    const machine = await createMachineClient(server.app, ['read:users']);
    await mgmt(server.app, 'PATCH', `/api/v2/clients/${machine.client_id}`, { name: 'Renamed', client_secret: newSecret }, token);
    await mgmt(server.app, 'PATCH', `/api/v2/client-grants/${machine.grant_id}`, { scope: ['read:clients'] }, token);
    await mgmt(server.app, 'DELETE', `/api/v2/client-grants/${machine.grant_id}`, undefined, token);
    await mgmt(server.app, 'DELETE', `/api/v2/clients/${machine.client_id}`, undefined, token);
    expect(await auditRows(server, ...MANAGEMENT_TYPES)).toEqual([
      byAdmin({ type: 'sapi', description: 'Create a Client', details: { client_id: machine.client_id } }),
      byAdmin({ type: 'sapi', description: 'Create client grant', details: { client_id: machine.client_id, audience: MGMT_AUDIENCE } }),
      byAdmin({ type: 'sapi', description: 'Update a Client', details: { client_id: machine.client_id, fields: ['name'] } }),
      byAdmin({ type: 'sapi', description: 'Update client grant', details: { id: machine.grant_id } }),
      byAdmin({ type: 'sapi', description: 'Delete client grant', details: { id: machine.grant_id } }),
      byAdmin({ type: 'sapi', description: 'Delete a Client', details: { client_id: machine.client_id } }),
    ]);
    const everything = JSON.stringify(await auditRows(server));
    expect(everything).not.toContain(newSecret);
    expect(everything).not.toContain(machine.client_secret);
    expect(everything).not.toContain(ADMIN.clientSecret);
  });

  it('records factor and policy changes as gd_tenant_update', async () => {
    await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/otp', { enabled: true }, token);
    await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/otp', { enabled: false }, token);
    await mgmt(server.app, 'PUT', '/api/v2/guardian/policies', ['all-applications'], token);
    expect(await auditRows(server, ...MANAGEMENT_TYPES)).toEqual([
      byAdmin({ type: 'gd_tenant_update', description: 'Guardian tenant update', details: { factor: 'otp', enabled: true } }),
      byAdmin({ type: 'gd_tenant_update', description: 'Guardian tenant update', details: { factor: 'otp', enabled: false } }),
      byAdmin({ type: 'gd_tenant_update', description: 'Guardian tenant update', details: { policies: ['all-applications'] } }),
    ]);
  });

  it('records an MFA reset with the authenticators removed, and a regeneration without the code', async () => {
    const { user, enrollment } = await enrolledTenant(server);
    const regenerated = json(await mgmt(server.app, 'POST', `/api/v2/users/${encodeURIComponent(user.user_id)}/recovery-code-regeneration`, undefined, token)) as {
      recovery_code: string;
    };
    await mgmt(server.app, 'DELETE', `/api/v2/users/${encodeURIComponent(user.user_id)}/authenticators`, undefined, token);
    const rows = (await auditRows(server, 'sapi')).filter((row) => row.description !== 'Create a User' && row.description !== 'Create a Client');
    expect(rows).toEqual([
      byAdmin({ type: 'sapi', description: 'Regenerate recovery code', user_id: user.user_id, user_name: user.email }),
      byAdmin({
        type: 'sapi',
        description: 'Delete all authenticators',
        user_id: user.user_id,
        user_name: user.email,
        details: {
          authenticators: [
            { id: expect.stringMatching(/^recovery-code\|dev_/), type: 'recovery-code' },
            { id: enrollment.authenticatorId, type: 'totp' },
          ],
        },
      }),
    ]);
    const everything = JSON.stringify(await auditRows(server));
    expect(everything).not.toContain(regenerated.recovery_code);
    expect(everything).not.toContain(enrollment.recoveryCode);
    expect(everything).not.toContain(enrollment.secret);
  });

  it('records nothing for refused or failed operations', async () => {
    const narrow = await managementToken(server.app, scopesExcept('create:users'));
    await mgmt(server.app, 'POST', '/api/v2/users', { connection: DATABASE_CONNECTION, email: 'ada@example.com', password: 'long enough' }, narrow);
    await mgmt(server.app, 'POST', '/api/v2/users', { connection: DATABASE_CONNECTION, email: 'ada@example.com', password: 'short' }, token);
    await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/duo', { enabled: true }, token);
    await mgmt(server.app, 'DELETE', '/api/v2/users/auth0%7C000000000000000000000000', undefined, token);
    expect(await auditRows(server, ...MANAGEMENT_TYPES)).toEqual([]);
  });
});
