import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerApi, THINGS_API } from '../../helpers/resource-servers.js';
import { GRANT_TYPES } from '../../../server/grants/types.js';
import { MANAGEMENT_SCOPES } from '../../../server/scopes.js';
import { queryRows } from '../../helpers/db.js';
import { auditRows, CLIENT_NOT_FOUND, clientCredentials, createMachineClient, insufficientScope, invalidBody, mgmtError, mgmtRaw } from '../../helpers/management.js';
import { ADMIN, buildTestServer, createClient, json, managementToken, mgmt, MGMT_AUDIENCE, tokenRequest, type TestServer } from '../../helpers/server.js';

const GRANT_ID = /^cgr_[A-Za-z0-9]{16}$/;
const GRANT_NOT_FOUND = mgmtError(404, 'inexistent_client_grant', 'The client grant does not exist.');
const GRANT_EXISTS = mgmtError(409, 'client_grant_conflict', 'A resource with the same identifier already exists.');
/** Races are 50 parallel requests, as in test/server/concurrency.test.ts. */
const RACE = 50;
const notAuthorized = (audience: string) => ({
  error: 'access_denied',
  error_description: `Client is not authorized to access "${audience}". You need to create a "client-grant" associated to this API.`,
});

interface GrantBody {
  id: string;
  client_id: string;
  audience: string;
  scope: string[];
}

describe('Management API: client grants', () => {
  let server: TestServer;
  let token: string;
  beforeEach(async () => {
    server = await buildTestServer();
    token = await managementToken(server.app);
  });
  afterEach(() => server.close());

  const grants = async (query = ''): Promise<GrantBody[]> => json(await mgmt(server.app, 'GET', `/api/v2/client-grants${query}`, undefined, token)) as GrantBody[];

  it('lists the bootstrap grant: the admin application holds every Management scope', async () => {
    const response = await mgmt(server.app, 'GET', '/api/v2/client-grants', undefined, token);
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual([{ id: expect.stringMatching(GRANT_ID), client_id: ADMIN.clientId, audience: MGMT_AUDIENCE, scope: [...MANAGEMENT_SCOPES] }]);
  });

  it('grants a new application Management scopes: it then gets client_credentials tokens with exactly those', async () => {
    const app = await createClient(server.app, [GRANT_TYPES.clientCredentials], 'Reporting');
    expect(json(await clientCredentials(server.app, app))).toEqual(notAuthorized(MGMT_AUDIENCE));

    const response = await mgmt(server.app, 'POST', '/api/v2/client-grants', { client_id: app.client_id, audience: MGMT_AUDIENCE, scope: ['read:users', 'read:clients'] }, token);
    expect(response.statusCode).toBe(201);
    expect(json(response)).toEqual({ id: expect.stringMatching(GRANT_ID), client_id: app.client_id, audience: MGMT_AUDIENCE, scope: ['read:users', 'read:clients'] });

    const issued = await clientCredentials(server.app, app);
    expect(issued.statusCode).toBe(200);
    expect(json(issued)).toEqual({ access_token: expect.any(String), scope: 'read:users read:clients', expires_in: 86400, token_type: 'Bearer' });
    const { access_token: machineToken } = json(issued) as { access_token: string };
    expect((await mgmtRaw(server.app, 'GET', '/api/v2/users', machineToken)).statusCode).toBe(200);
    const write = await mgmt(server.app, 'POST', '/api/v2/clients', { name: 'Sneaky' }, machineToken);
    expect(write.statusCode).toBe(403);
    expect(json(write)).toEqual(insufficientScope('create:clients'));

    const more = await clientCredentials(server.app, app, 'read:users create:users');
    expect(more.statusCode).toBe(403);
    expect(json(more)).toEqual({ error: 'access_denied', error_description: 'Client has not been granted scopes: create:users' });
  });

  it('refuses a second grant for the same client and audience: 409', async () => {
    const machine = await createMachineClient(server.app, ['read:users']);
    const response = await mgmt(server.app, 'POST', '/api/v2/client-grants', { client_id: machine.client_id, audience: MGMT_AUDIENCE, scope: ['delete:users'] }, token);
    expect(response.statusCode).toBe(409);
    expect(json(response)).toEqual(GRANT_EXISTS);
    expect((await grants(`?client_id=${machine.client_id}`)).map((g) => g.scope)).toEqual([['read:users']]);
  });

  describe('under 50 parallel requests', () => {
    const storedGrants = (clientId: string) => queryRows<{ id: string; client_id: string; scope: string }>(server, 'SELECT id, client_id, scope FROM client_grants WHERE client_id = $1', clientId);
    const answers = (responses: LightMyRequestResponse[]) => responses.map((response) => ({ status: response.statusCode, body: json(response) }));

    it('50 identical creations: one 201, 49 409s with the conflict body, one grant stored with the requested contents', async () => {
      const app = await createClient(server.app, [GRANT_TYPES.clientCredentials], 'Reporting');
      const body = { client_id: app.client_id, audience: MGMT_AUDIENCE, scope: ['read:users', 'read:clients'] };
      const responses = answers(await Promise.all(Array.from({ length: RACE }, () => mgmt(server.app, 'POST', '/api/v2/client-grants', body, token))));

      const created = responses.filter((answer) => answer.status === 201);
      expect(created).toEqual([{ status: 201, body: { id: expect.stringMatching(GRANT_ID), ...body } }]);
      expect(responses.filter((answer) => answer.status !== 201)).toEqual(Array.from({ length: RACE - 1 }, () => ({ status: 409, body: GRANT_EXISTS })));
      const grant = created[0]!.body as GrantBody;
      expect(await storedGrants(app.client_id)).toEqual([{ id: grant.id, client_id: app.client_id, scope: JSON.stringify(body.scope) }]);
      expect(await grants(`?client_id=${app.client_id}`)).toEqual([grant]);
      expect((await auditRows(server, 'sapi')).filter((row) => row.description === 'Create client grant')).toHaveLength(1);
      const issued = await clientCredentials(server.app, app);
      expect(json(issued)).toEqual({ access_token: expect.any(String), scope: 'read:users read:clients', expires_in: 86400, token_type: 'Bearer' });
    });

    it('creations racing the deletion of their client: 201, 409 or 404, never a 500, and no grant outlives the client', async () => {
      const app = await createClient(server.app, [GRANT_TYPES.clientCredentials], 'Doomed');
      const body = { client_id: app.client_id, audience: MGMT_AUDIENCE, scope: ['read:users'] };
      const responses = await Promise.all(
        Array.from({ length: RACE }, (_, index) =>
          index === RACE / 2 ? mgmt(server.app, 'DELETE', `/api/v2/clients/${app.client_id}`, undefined, token) : mgmt(server.app, 'POST', '/api/v2/client-grants', body, token),
        ),
      );
      const [deletion] = responses.splice(RACE / 2, 1);
      expect(deletion?.statusCode).toBe(204);
      const created = answers(responses).filter((answer) => answer.status === 201);
      expect(created.length).toBeLessThanOrEqual(1);
      expect(created).toEqual(created.map(() => ({ status: 201, body: { id: expect.stringMatching(GRANT_ID), ...body } })));
      const refusals = [{ status: 409, body: GRANT_EXISTS }, { status: 404, body: CLIENT_NOT_FOUND }];
      for (const answer of answers(responses).filter((each) => each.status !== 201)) expect(refusals).toContainEqual(answer);
      expect(await storedGrants(app.client_id)).toEqual([]);
    });
  });

  it('refuses an audience that is not an API of this server, or the MFA API (users only): 400', async () => {
    const app = await createClient(server.app, [GRANT_TYPES.clientCredentials]);
    for (const audience of ['https://api.example.com/', `${MGMT_AUDIENCE}extra`, 'https://tessera.test/mfa/', 'tessera-management-api']) {
      const response = await mgmt(server.app, 'POST', '/api/v2/client-grants', { client_id: app.client_id, audience, scope: ['read:users'] }, token);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(mgmtError(400, 'invalid_body', `No resource server found by specified identifier: ${audience}`));
    }
    expect(await grants(`?client_id=${app.client_id}`)).toEqual([]);
  });

  it('refuses a grant for an unknown client: 404', async () => {
    const response = await mgmt(server.app, 'POST', '/api/v2/client-grants', { client_id: 'nope', audience: MGMT_AUDIENCE, scope: ['read:users'] }, token);
    expect(response.statusCode).toBe(404);
    expect(json(response)).toEqual(CLIENT_NOT_FOUND);
  });

  it.each<[string, unknown, string]>([
    ['a missing scope', { audience: MGMT_AUDIENCE }, "'Missing required property: scope'"],
    ['a scope string instead of an array', { audience: MGMT_AUDIENCE, scope: 'read:users' }, "'Expected type array but found type string' on property scope"],
    ['a scope with a space', { audience: MGMT_AUDIENCE, scope: ['read:users delete:users'] }, `'must match pattern "^\\S+$"' on property scope.0`],
    ['an extra property', { audience: MGMT_AUDIENCE, scope: [], id: 'cgr_mine' }, "'Additional properties not allowed: id'"],
  ])('refuses %s: 400 invalid_body', async (_label, body, detail) => {
    const app = await createClient(server.app, [GRANT_TYPES.clientCredentials]);
    const response = await mgmt(server.app, 'POST', '/api/v2/client-grants', { client_id: app.client_id, ...(body as object) }, token);
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(invalidBody(detail));
    expect(await grants(`?client_id=${app.client_id}`)).toEqual([]);
  });

  // A grant names scopes of its API: the Management API's own list, or what a registered API defines.
  it.each<[string, string, string[], string]>([
    ['a scope the Management API does not define', MGMT_AUDIENCE, ['read:users', 'god:mode'], 'god:mode'],
    ['an MFA API scope for the Management API', MGMT_AUDIENCE, ['enroll'], 'enroll'],
    ['a scope the registered API does not define', THINGS_API, ['read:things', 'write:things', 'read:users'], 'write:things, read:users'],
  ])('refuses %s: 400 invalid_body, no grant', async (_label, audience, scope, unknown) => {
    await registerApi(server.app);
    const app = await createClient(server.app, [GRANT_TYPES.clientCredentials]);
    const response = await mgmt(server.app, 'POST', '/api/v2/client-grants', { client_id: app.client_id, audience, scope }, token);
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(mgmtError(400, 'invalid_body', `Scopes not defined by the resource server ${audience}: ${unknown}`));
    expect(await grants(`?client_id=${app.client_id}`)).toEqual([]);
  });

  it('filters by audience and by client_id', async () => {
    const a = await createMachineClient(server.app, ['read:users'], 'A');
    const b = await createMachineClient(server.app, ['read:clients'], 'B');
    const all = await grants();
    expect(all).toHaveLength(3);
    // Listed in client_id order (byte order).
    expect(all.map((g) => g.client_id)).toEqual([ADMIN.clientId, a.client_id, b.client_id].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    expect(await grants(`?audience=${encodeURIComponent(MGMT_AUDIENCE)}`)).toEqual(all);
    expect(await grants(`?client_id=${a.client_id}`)).toEqual([{ id: a.grant_id, client_id: a.client_id, audience: MGMT_AUDIENCE, scope: ['read:users'] }]);
    expect(await grants(`?client_id=${b.client_id}&audience=${encodeURIComponent(MGMT_AUDIENCE)}`)).toEqual([
      { id: b.grant_id, client_id: b.client_id, audience: MGMT_AUDIENCE, scope: ['read:clients'] },
    ]);
    expect(await grants('?audience=https%3A%2F%2Fapi.example.com%2F')).toEqual([]);
    expect(await grants('?client_id=nope')).toEqual([]);
  });

  it('refuses an unknown filter: 400 invalid_query_string', async () => {
    const response = await mgmt(server.app, 'GET', '/api/v2/client-grants?scope=read:users', undefined, token);
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(mgmtError(400, 'invalid_query_string', "Query validation error: 'Additional properties not allowed: scope'."));
  });

  it('changes the scope: new tokens carry the new scope only', async () => {
    const machine = await createMachineClient(server.app, ['read:users']);
    const response = await mgmt(server.app, 'PATCH', `/api/v2/client-grants/${machine.grant_id}`, { scope: ['read:clients', 'read:client_grants'] }, token);
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({ id: machine.grant_id, client_id: machine.client_id, audience: MGMT_AUDIENCE, scope: ['read:clients', 'read:client_grants'] });
    const issued = await clientCredentials(server.app, machine);
    expect(json(issued)).toEqual({ access_token: expect.any(String), scope: 'read:clients read:client_grants', expires_in: 86400, token_type: 'Bearer' });
    const old = await clientCredentials(server.app, machine, 'read:users');
    expect(json(old)).toEqual({ error: 'access_denied', error_description: 'Client has not been granted scopes: read:users' });
  });

  it.each<[string, unknown, string]>([
    ['a missing scope', {}, "'Missing required property: scope'"],
    ['a new client_id', { scope: [], client_id: 'other' }, "'Additional properties not allowed: client_id'"],
    ['a new audience', { scope: [], audience: 'https://api.example.com/' }, "'Additional properties not allowed: audience'"],
  ])('refuses a PATCH with %s: 400 invalid_body', async (_label, body, detail) => {
    const machine = await createMachineClient(server.app, ['read:users']);
    const response = await mgmt(server.app, 'PATCH', `/api/v2/client-grants/${machine.grant_id}`, body, token);
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(invalidBody(detail));
    expect(await grants(`?client_id=${machine.client_id}`)).toEqual([{ id: machine.grant_id, client_id: machine.client_id, audience: MGMT_AUDIENCE, scope: ['read:users'] }]);
  });

  it.each([
    ['PATCH', { scope: [] }],
    ['DELETE', undefined],
  ] as const)('answers %s of an unknown grant with 404', async (method, body) => {
    const response = await mgmt(server.app, method, '/api/v2/client-grants/cgr_0000000000000000', body, token);
    expect(response.statusCode).toBe(404);
    expect(json(response)).toEqual(GRANT_NOT_FOUND);
  });

  it('deletes: 204, and the application is refused client_credentials afterwards', async () => {
    const machine = await createMachineClient(server.app, ['read:users']);
    expect((await clientCredentials(server.app, machine)).statusCode).toBe(200);
    const response = await mgmt(server.app, 'DELETE', `/api/v2/client-grants/${machine.grant_id}`, undefined, token);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    const refused = await clientCredentials(server.app, machine);
    expect(refused.statusCode).toBe(403);
    expect(json(refused)).toEqual(notAuthorized(MGMT_AUDIENCE));
    expect(await grants(`?client_id=${machine.client_id}`)).toEqual([]);
    const again = await mgmt(server.app, 'DELETE', `/api/v2/client-grants/${machine.grant_id}`, undefined, token);
    expect(json(again)).toEqual(GRANT_NOT_FOUND);
  });

  it('never issues Management tokens to a public application, which has no secret to prove (RFC 6749 §4.4)', async () => {
    const spa = await createClient(server.app, [GRANT_TYPES.clientCredentials], 'Browser App');
    await mgmt(server.app, 'PATCH', `/api/v2/clients/${spa.client_id}`, { token_endpoint_auth_method: 'none' }, token);
    await mgmt(server.app, 'POST', '/api/v2/client-grants', { client_id: spa.client_id, audience: MGMT_AUDIENCE, scope: ['read:users', 'delete:users'] }, token);
    const response = await tokenRequest(server.app, { grant_type: GRANT_TYPES.clientCredentials, client_id: spa.client_id, audience: MGMT_AUDIENCE });
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual({ error: 'unauthorized_client', error_description: "Grant type 'client_credentials' not allowed for the client." });
  });
});
