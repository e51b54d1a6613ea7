import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MANAGEMENT_SCOPES, MFA_SCOPES } from '../../../server/scopes.js';
import { queryRows } from '../../helpers/db.js';
import { auditRows, createMachineClient, invalidBody, mgmtError, stateSnapshot } from '../../helpers/management.js';
import { registerApi, THINGS_API, type ApiBody } from '../../helpers/resource-servers.js';
import { buildTestServer, json, managementToken, MFA_AUDIENCE, mgmt, MGMT_AUDIENCE, type TestServer } from '../../helpers/server.js';

const API_ID = /^[0-9a-f]{24}$/;
const NOT_FOUND = mgmtError(404, 'inexistent_resource_server', 'Resource server not found.');
const CONFLICT = mgmtError(409, 'resource_server_conflict', 'A resource server with the same identifier already exists.');
/** Races are 50 parallel requests, as in test/server/concurrency.test.ts. */
const RACE = 50;
const SYSTEM = mgmtError(400, 'operation_not_supported', 'System resource servers cannot be changed or deleted.');

/** The scopes Auth0 lists for its own APIs, described in words ("read:users" → "Read Users"). */
const described = (values: readonly string[]) =>
  values.map((value) => ({ value, description: value.split(/[:_]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ') }));

const MANAGEMENT_API = {
  id: 'tessera-management-api',
  name: 'Auth0 Management API',
  identifier: MGMT_AUDIENCE,
  is_system: true,
  scopes: described(MANAGEMENT_SCOPES),
  signing_alg: 'RS256',
  allow_offline_access: false,
  skip_consent_for_verifiable_first_party_clients: false,
  token_lifetime: 86400,
  token_lifetime_for_web: 7200,
};
const MFA_API = {
  id: 'tessera-mfa-api',
  name: 'Auth0 MFA API',
  identifier: MFA_AUDIENCE,
  is_system: true,
  scopes: described(MFA_SCOPES),
  signing_alg: 'RS256',
  allow_offline_access: false,
  skip_consent_for_verifiable_first_party_clients: false,
  token_lifetime: 600,
  token_lifetime_for_web: 600,
};
/** Auth0's defaults for a new API. */
const DEFAULTS = {
  is_system: false,
  signing_alg: 'RS256',
  allow_offline_access: false,
  skip_consent_for_verifiable_first_party_clients: false,
  token_lifetime: 86400,
  token_lifetime_for_web: 7200,
};

describe('Management API: resource servers', () => {
  let server: TestServer;
  let token: string;
  beforeEach(async () => {
    server = await buildTestServer();
    token = await managementToken(server.app);
  });
  afterEach(() => server.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) => mgmt(server.app, method, `/api/v2/resource-servers${path}`, body, token);
  const list = async () => json(await call('GET', '')) as ApiBody[];

  describe('GET /api/v2/resource-servers', () => {
    it('lists the built-in Management and MFA APIs as system APIs', async () => {
      const response = await call('GET', '');
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual([MANAGEMENT_API, MFA_API]);
    });

    it('pages like the other lists, with include_totals', async () => {
      const things = await registerApi(server.app);
      const page = await call('GET', '?page=1&per_page=2&include_totals=true');
      expect(page.statusCode).toBe(200);
      expect(json(page)).toEqual({ resource_servers: [things], start: 2, limit: 2, total: 3 });
      expect(json(await call('GET', '?per_page=1'))).toEqual([MANAGEMENT_API]);
    });

    it.each([['?per_page=101'], ['?page=-1'], ['?identifier=x']])('refuses %s: 400 invalid_query_string', async (query) => {
      const response = await call('GET', query);
      expect(response.statusCode).toBe(400);
      expect((json(response) as { errorCode: string }).errorCode).toBe('invalid_query_string');
    });
  });

  describe('POST /api/v2/resource-servers', () => {
    it("registers an API with Auth0's defaults; it is found by id and by identifier", async () => {
      const response = await call('POST', '', { identifier: THINGS_API });
      expect(response.statusCode).toBe(201);
      const created = json(response) as ApiBody;
      expect(created).toEqual({ id: expect.stringMatching(API_ID), name: THINGS_API, identifier: THINGS_API, scopes: [], ...DEFAULTS });
      expect(json(await call('GET', `/${created.id}`))).toEqual(created);
      expect(json(await call('GET', `/${encodeURIComponent(THINGS_API)}`))).toEqual(created);
      expect(await list()).toEqual([MANAGEMENT_API, MFA_API, created]);
    });

    it('keeps every field it is given', async () => {
      const body = {
        identifier: 'urn:payments',
        name: 'Payments',
        scopes: [{ value: 'read:payments', description: 'Read payments' }, { value: 'admin:all' }],
        signing_alg: 'RS256',
        token_lifetime: 3600,
        token_lifetime_for_web: 900,
        allow_offline_access: true,
        skip_consent_for_verifiable_first_party_clients: true,
      };
      const response = await call('POST', '', body);
      expect(response.statusCode).toBe(201);
      expect(json(response)).toEqual({ id: expect.stringMatching(API_ID), is_system: false, ...body });
    });

    it('defaults token_lifetime_for_web to no more than token_lifetime', async () => {
      const response = await call('POST', '', { identifier: THINGS_API, token_lifetime: 600 });
      expect(json(response)).toMatchObject({ token_lifetime: 600, token_lifetime_for_web: 600 });
    });

    it.each<[string, unknown, string]>([
      ['a missing identifier', { name: 'X' }, "'Missing required property: identifier'"],
      ['an empty identifier', { identifier: '' }, "'must NOT have fewer than 1 characters' on property identifier"],
      ['signing_alg HS256', { identifier: THINGS_API, signing_alg: 'HS256' }, "'must be equal to constant' on property signing_alg"],
      ['signing_alg PS256', { identifier: THINGS_API, signing_alg: 'PS256' }, "'must be equal to constant' on property signing_alg"],
      ['a name with <', { identifier: THINGS_API, name: '<script>' }, `'must match pattern "^[^<>]*$"' on property name`],
      ['a zero token_lifetime', { identifier: THINGS_API, token_lifetime: 0 }, "'must be >= 1' on property token_lifetime"],
      ['a token_lifetime over 30 days', { identifier: THINGS_API, token_lifetime: 2592001 }, "'must be <= 2592000' on property token_lifetime"],
      ['a fractional token_lifetime', { identifier: THINGS_API, token_lifetime: 1.5 }, "'Expected type integer but found type number' on property token_lifetime"],
      ['a scope without value', { identifier: THINGS_API, scopes: [{ description: 'x' }] }, "'Missing required property: scopes.0.value'"],
      ['a scope value with a space', { identifier: THINGS_API, scopes: [{ value: 'a b' }] }, `'must match pattern "^\\S+$"' on property scopes.0.value`],
      ['is_system', { identifier: THINGS_API, is_system: true }, "'Additional properties not allowed: is_system'"],
      ['an id chosen by the caller', { identifier: THINGS_API, id: 'mine' }, "'Additional properties not allowed: id'"],
      ['a repeated scope', { identifier: THINGS_API, scopes: [{ value: 'a' }, { value: 'a' }] }, "'Duplicate scope value: a' on property scopes"],
      ['token_lifetime_for_web over token_lifetime', { identifier: THINGS_API, token_lifetime: 600, token_lifetime_for_web: 601 }, "'token_lifetime_for_web must not exceed token_lifetime' on property token_lifetime_for_web"],
    ])('refuses %s: 400 invalid_body, nothing registered', async (_label, body, detail) => {
      const response = await call('POST', '', body);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidBody(detail));
      expect(await list()).toEqual([MANAGEMENT_API, MFA_API]);
    });

    it.each([[THINGS_API], [MGMT_AUDIENCE], [MFA_AUDIENCE], ['https://tessera.test/userinfo']])('refuses a taken identifier %s: 409', async (identifier) => {
      const first = await registerApi(server.app);
      const response = await call('POST', '', { identifier, name: 'Again' });
      expect(response.statusCode).toBe(409);
      expect(json(response)).toEqual(CONFLICT);
      expect(await list()).toEqual([MANAGEMENT_API, MFA_API, first]);
    });

    it('registers an identifier once under 50 parallel requests', async () => {
      const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => call('POST', '', { identifier: THINGS_API, name: `Things ${i}` })));
      expect(responses.map((r) => r.statusCode).sort()).toEqual([201, ...Array<number>(49).fill(409)]);
      for (const refused of responses.filter((r) => r.statusCode === 409)) expect(json(refused)).toEqual(CONFLICT);
      expect((await list()).filter((api) => api.identifier === THINGS_API)).toHaveLength(1);
    });
  });

  describe('PATCH /api/v2/resource-servers/{id}', () => {
    it('changes the fields it is given', async () => {
      const things = await registerApi(server.app);
      const response = await call('PATCH', `/${things.id}`, { name: 'Things', scopes: [{ value: 'write:things' }], token_lifetime: 7200, allow_offline_access: true });
      expect(response.statusCode).toBe(200);
      const expected = { ...things, name: 'Things', scopes: [{ value: 'write:things' }], token_lifetime: 7200, allow_offline_access: true };
      expect(json(response)).toEqual(expected);
      expect(json(await call('GET', `/${things.id}`))).toEqual(expected);
    });

    it.each<[string, unknown, string]>([
      ['a new identifier', { identifier: 'https://other.example.com/' }, "'Additional properties not allowed: identifier'"],
      ['signing_alg HS256', { signing_alg: 'HS256' }, "'must be equal to constant' on property signing_alg"],
      ['token_lifetime below token_lifetime_for_web', { token_lifetime: 60 }, "'token_lifetime_for_web must not exceed token_lifetime' on property token_lifetime_for_web"],
    ])('refuses %s: 400 invalid_body, nothing changed', async (_label, body, detail) => {
      const things = await registerApi(server.app);
      const response = await call('PATCH', `/${things.id}`, body);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidBody(detail));
      expect(json(await call('GET', `/${things.id}`))).toEqual(things);
    });

    it.each([['tessera-management-api'], ['tessera-mfa-api'], [encodeURIComponent(MGMT_AUDIENCE)]])('refuses to change the system API %s: 400', async (id) => {
      const before = await stateSnapshot(server);
      const response = await call('PATCH', `/${id}`, { token_lifetime: 60 });
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(SYSTEM);
      expect(await stateSnapshot(server)).toEqual(before);
      expect(await list()).toEqual([MANAGEMENT_API, MFA_API]);
    });

    it('answers 404 for an unknown API', async () => {
      const response = await call('PATCH', '/0123456789abcdef01234567', { name: 'x' });
      expect(response.statusCode).toBe(404);
      expect(json(response)).toEqual(NOT_FOUND);
    });
  });

  describe('DELETE /api/v2/resource-servers/{id}', () => {
    it('deletes the API and its client grants: 204, then 404', async () => {
      const things = await registerApi(server.app);
      const machine = await createMachineClient(server.app, ['read:users']);
      const grant = await mgmt(server.app, 'POST', '/api/v2/client-grants', { client_id: machine.client_id, audience: THINGS_API, scope: ['read:things'] }, token);
      expect(grant.statusCode).toBe(201);
      const response = await call('DELETE', `/${things.id}`);
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expect(json(await call('GET', `/${things.id}`))).toEqual(NOT_FOUND);
      const again = await call('DELETE', `/${things.id}`);
      expect(again.statusCode).toBe(404);
      expect(json(again)).toEqual(NOT_FOUND);
      const grants = json(await mgmt(server.app, 'GET', `/api/v2/client-grants?client_id=${machine.client_id}`, undefined, token)) as { audience: string }[];
      expect(grants.map((g) => g.audience)).toEqual([MGMT_AUDIENCE]);
    });

    it('racing 50 grant creations for the API: only 201 or 400 in the Management shape, and no grant outlives the API', async () => {
      const things = await registerApi(server.app);
      // Distinct clients, so every creation that reads the API before the deletion commits could insert a grant.
      const machines = await Promise.all(Array.from({ length: RACE - 1 }, (_, index) => createMachineClient(server.app, ['read:users'], `Machine ${index}`)));
      const grantOf = (clientId: string) => mgmt(server.app, 'POST', '/api/v2/client-grants', { client_id: clientId, audience: THINGS_API, scope: ['read:things'] }, token);
      const responses = await Promise.all(
        Array.from({ length: RACE }, (_, index) => (index === RACE / 2 ? call('DELETE', `/${things.id}`) : grantOf(machines[index < RACE / 2 ? index : index - 1]!.client_id))),
      );
      const [deletion] = responses.splice(RACE / 2, 1);
      expect({ status: deletion?.statusCode, body: deletion?.body }).toEqual({ status: 204, body: '' });
      const answers = responses.map((response) => ({ status: response.statusCode, body: json(response) }));
      for (const answer of answers) {
        expect(answer).toEqual(
          answer.status === 201
            ? { status: 201, body: { id: expect.stringMatching(/^cgr_/), client_id: expect.any(String), audience: THINGS_API, scope: ['read:things'] } }
            : { status: 400, body: mgmtError(400, 'invalid_body', `No resource server found by specified identifier: ${THINGS_API}`) },
        );
      }
      expect(json(await call('GET', `/${things.id}`))).toEqual(NOT_FOUND);
      expect(await queryRows(server, 'SELECT id FROM client_grants WHERE audience = $1', THINGS_API)).toEqual([]);
    });

    it('of 50 parallel deletions of one API one answers 204 and the rest 404, with one audit row', async () => {
      const things = await registerApi(server.app);
      const responses = await Promise.all(Array.from({ length: RACE }, () => call('DELETE', `/${things.id}`)));
      expect(responses.filter((response) => response.statusCode === 204)).toHaveLength(1);
      for (const refused of responses.filter((response) => response.statusCode !== 204)) expect({ status: refused.statusCode, body: json(refused) }).toEqual({ status: 404, body: NOT_FOUND });
      expect((await auditRows(server, 'sapi')).filter((row) => row.description === 'Delete a resource server')).toHaveLength(1);
    });

    it.each([['tessera-management-api'], ['tessera-mfa-api']])('refuses to delete the system API %s: 400, still listed', async (id) => {
      const response = await call('DELETE', `/${id}`);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(SYSTEM);
      expect(await list()).toEqual([MANAGEMENT_API, MFA_API]);
    });
  });
});
