import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_CLIENT_NAME,
  CLIENT_NOT_FOUND,
  clientCredentials,
  createMachineClient,
  insufficientScope,
  invalidBody,
  invalidQuery,
  mgmtError,
  scopesExcept,
} from '../../helpers/management.js';
import { ADMIN, buildTestServer, createClient, createUser, json, managementToken, mgmt, PASSWORD, tokenRequest, type TestServer } from '../../helpers/server.js';

const CLIENT_ID = /^[A-Za-z0-9]{32}$/;
/** 48 random bytes, base64url. */
const CLIENT_SECRET = /^[A-Za-z0-9_-]{64}$/;
/** Auth0's grant types for a new application. */
const DEFAULT_GRANTS = ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'];
const INVALID_CLIENT = { error: 'invalid_client', error_description: 'Client authentication failed.' };

interface ClientBody {
  client_id: string;
  client_secret?: string;
}

/** The bootstrap admin application as the Management API shows it. */
const ADMIN_VIEW = {
  client_id: ADMIN.clientId,
  name: ADMIN_CLIENT_NAME,
  description: 'Created at first start for scripting the Management API.',
  app_type: 'non_interactive',
  is_first_party: true,
  callbacks: [],
  grant_types: ['client_credentials'],
  token_endpoint_auth_method: 'client_secret_post',
};

describe('Management API: clients', () => {
  let server: TestServer;
  let token: string;
  beforeEach(async () => {
    server = await buildTestServer();
    token = await managementToken(server.app);
  });
  afterEach(() => server.close());

  const create = (body: unknown, bearer = token) => mgmt(server.app, 'POST', '/api/v2/clients', body, bearer);

  describe('POST /api/v2/clients', () => {
    it("creates a confidential application with Auth0's defaults, and shows its secret once", async () => {
      const response = await create({ name: 'Web App' });
      expect(response.statusCode).toBe(201);
      expect(json(response)).toEqual({
        client_id: expect.stringMatching(CLIENT_ID),
        name: 'Web App',
        is_first_party: true,
        callbacks: [],
        grant_types: DEFAULT_GRANTS,
        token_endpoint_auth_method: 'client_secret_post',
        client_secret: expect.stringMatching(CLIENT_SECRET),
      });
    });

    it.each([
      ['spa', 'none'],
      ['native', 'none'],
      ['regular_web', 'client_secret_post'],
      ['non_interactive', 'client_secret_post'],
    ])('defaults app_type %s to token_endpoint_auth_method %s', async (appType, method) => {
      const response = await create({ name: 'App', app_type: appType });
      expect(response.statusCode).toBe(201);
      expect(json(response)).toEqual({
        client_id: expect.stringMatching(CLIENT_ID),
        name: 'App',
        app_type: appType,
        is_first_party: true,
        callbacks: [],
        grant_types: DEFAULT_GRANTS,
        token_endpoint_auth_method: method,
        client_secret: expect.stringMatching(CLIENT_SECRET),
      });
    });

    it('keeps every field it is given', async () => {
      const response = await create({
        name: 'CLI',
        description: 'Command line tool',
        app_type: 'regular_web',
        grant_types: ['password', 'refresh_token'],
        token_endpoint_auth_method: 'client_secret_basic',
        callbacks: ['https://cli.example.com/callback'],
      });
      expect(json(response)).toEqual({
        client_id: expect.stringMatching(CLIENT_ID),
        name: 'CLI',
        description: 'Command line tool',
        app_type: 'regular_web',
        is_first_party: true,
        callbacks: ['https://cli.example.com/callback'],
        grant_types: ['password', 'refresh_token'],
        token_endpoint_auth_method: 'client_secret_basic',
        client_secret: expect.stringMatching(CLIENT_SECRET),
      });
    });

    it('gives a distinct id and secret to every application', async () => {
      const a = json(await create({ name: 'A' })) as ClientBody;
      const b = json(await create({ name: 'B' })) as ClientBody;
      expect(a.client_id).not.toBe(b.client_id);
      expect(a.client_secret).not.toBe(b.client_secret);
    });

    it('answers the secret at creation even to a caller without read:client_keys', async () => {
      const response = await create({ name: 'A' }, await managementToken(server.app, 'create:clients'));
      expect(response.statusCode).toBe(201);
      expect((json(response) as ClientBody).client_secret).toMatch(CLIENT_SECRET);
    });

    it.each<[string, unknown, string]>([
      ['a missing name', {}, "'Missing required property: name'"],
      ['an empty name', { name: '' }, "'must NOT have fewer than 1 characters' on property name"],
      ['an unknown grant type', { name: 'A', grant_types: ['magic'] }, "'must be equal to constant' on property grant_types.0"],
      ['a repeated grant type', { name: 'A', grant_types: ['password', 'password'] }, "'must NOT have duplicate items (items ## 0 and 1 are identical)' on property grant_types"],
      ['grant_types as a string', { name: 'A', grant_types: 'password' }, "'Expected type array but found type string' on property grant_types"],
      ['an unknown app_type', { name: 'A', app_type: 'desktop' }, "'must be equal to constant' on property app_type"],
      ['an unknown auth method', { name: 'A', token_endpoint_auth_method: 'private_key_jwt' }, "'must be equal to constant' on property token_endpoint_auth_method"],
      ['a callback that is not a URI', { name: 'A', callbacks: ['not a uri'] }, `'must match format "uri"' on property callbacks.0`],
      ['a client_id chosen by the caller', { name: 'A', client_id: 'mine' }, "'Additional properties not allowed: client_id'"],
      ['a client_secret chosen at creation', { name: 'A', client_secret: 'x'.repeat(32) }, "'Additional properties not allowed: client_secret'"],
    ])('refuses %s: 400 invalid_body', async (_label, body, detail) => {
      const response = await create(body);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidBody(detail));
      const list = await mgmt(server.app, 'GET', '/api/v2/clients', undefined, token);
      expect((json(list) as unknown[]).length).toBe(1);
    });
  });

  describe('GET /api/v2/clients', () => {
    it('lists the bootstrap admin application first, with its secret only for read:client_keys', async () => {
      server.clock.advance(1000);
      const created = json(await create({ name: 'Web App' })) as ClientBody & Record<string, unknown>;
      const withKeys = await mgmt(server.app, 'GET', '/api/v2/clients', undefined, token);
      expect(withKeys.statusCode).toBe(200);
      expect(json(withKeys)).toEqual([{ ...ADMIN_VIEW, client_secret: ADMIN.clientSecret }, created]);

      const { client_secret: _secret, ...withoutSecret } = created;
      const noKeys = await mgmt(server.app, 'GET', '/api/v2/clients', undefined, await managementToken(server.app, scopesExcept('read:client_keys')));
      expect(json(noKeys)).toEqual([ADMIN_VIEW, withoutSecret]);
    });

    it('pages with page/per_page and answers {start, limit, total, clients} with include_totals (Auth0 "Get clients")', async () => {
      const made: (ClientBody & Record<string, unknown>)[] = [];
      for (const name of ['One', 'Two', 'Three']) {
        server.clock.advance(1000);
        made.push(json(await create({ name })) as ClientBody & Record<string, unknown>);
      }
      const adminView = { ...ADMIN_VIEW, client_secret: ADMIN.clientSecret };
      const get = async (query: string) => {
        const response = await mgmt(server.app, 'GET', `/api/v2/clients?${query}`, undefined, token);
        expect(response.statusCode).toBe(200);
        return json(response);
      };
      expect(await get('include_totals=true')).toEqual({ start: 0, limit: 50, total: 4, clients: [adminView, ...made] });
      expect(await get('page=1&per_page=2&include_totals=true')).toEqual({ start: 2, limit: 2, total: 4, clients: [made[1], made[2]] });
      expect(await get('page=1&per_page=2')).toEqual([made[1], made[2]]);
      expect(await get('page=5&per_page=2&include_totals=false')).toEqual([]);
      expect(await get('per_page=0&include_totals=true')).toEqual({ start: 0, limit: 0, total: 4, clients: [] });
    });

    it.each([
      ['per_page=101', "'must be <= 100' on property per_page"],
      ['page=-1', "'must be >= 0' on property page"],
      ['page=1001', "'must be <= 1000' on property page"],
      ['page=x', "'Expected type integer but found type string' on property page"],
      ['include_totals=maybe', "'Expected type boolean but found type string' on property include_totals"],
      ['app_type=spa', "'Additional properties not allowed: app_type'"],
    ])('refuses ?%s with 400 invalid_query_string', async (query, detail) => {
      const response = await mgmt(server.app, 'GET', `/api/v2/clients?${query}`, undefined, token);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidQuery(detail));
    });

    it('shows one application, with its secret only for read:client_keys', async () => {
      const created = json(await create({ name: 'Web App', app_type: 'regular_web' })) as ClientBody & Record<string, unknown>;
      const path = `/api/v2/clients/${created.client_id}`;
      const withKeys = await mgmt(server.app, 'GET', path, undefined, token);
      expect(json(withKeys)).toEqual(created);
      const { client_secret: _secret, ...withoutSecret } = created;
      const noKeys = await mgmt(server.app, 'GET', path, undefined, await managementToken(server.app, 'read:clients'));
      expect(noKeys.statusCode).toBe(200);
      expect(json(noKeys)).toEqual(withoutSecret);
    });

    it('answers 404 inexistent_client for an unknown id', async () => {
      const response = await mgmt(server.app, 'GET', '/api/v2/clients/nope', undefined, token);
      expect(response.statusCode).toBe(404);
      expect(json(response)).toEqual(CLIENT_NOT_FOUND);
    });
  });

  describe('PATCH /api/v2/clients/{id}', () => {
    it('changes grant_types: a grant taken away is refused at /oauth/token', async () => {
      const app = await createClient(server.app);
      await createUser(server.app);
      const login = () =>
        tokenRequest(server.app, { grant_type: 'password', client_id: app.client_id, client_secret: app.client_secret, username: 'ada@example.com', password: PASSWORD });
      expect((await login()).statusCode).toBe(200);

      const response = await mgmt(server.app, 'PATCH', `/api/v2/clients/${app.client_id}`, { grant_types: ['refresh_token'] }, token);
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual({
        client_id: app.client_id,
        name: 'Test App',
        is_first_party: true,
        callbacks: [],
        grant_types: ['refresh_token'],
        token_endpoint_auth_method: 'client_secret_post',
        client_secret: app.client_secret,
      });
      const refused = await login();
      expect(refused.statusCode).toBe(403);
      expect(json(refused)).toEqual({ error: 'unauthorized_client', error_description: "Grant type 'password' not allowed for the client." });
    });

    it('rotates client_secret: the new secret authenticates, the old one no longer does', async () => {
      const machine = await createMachineClient(server.app, ['read:users']);
      const newSecret = 'a-brand-new-secret-of-enough-length';
      const response = await mgmt(server.app, 'PATCH', `/api/v2/clients/${machine.client_id}`, { client_secret: newSecret }, token);
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual({
        client_id: machine.client_id,
        name: 'Machine',
        is_first_party: true,
        callbacks: [],
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: 'client_secret_post',
        client_secret: newSecret,
      });
      const fresh = await clientCredentials(server.app, { client_id: machine.client_id, client_secret: newSecret });
      expect(fresh.statusCode).toBe(200);
      expect(json(fresh)).toEqual({ access_token: expect.any(String), scope: 'read:users', expires_in: 86400, token_type: 'Bearer' });
      const old = await clientCredentials(server.app, machine);
      expect(old.statusCode).toBe(401);
      expect(json(old)).toEqual(INVALID_CLIENT);
    });

    it('does not echo a new secret to a caller without read:client_keys', async () => {
      const machine = await createMachineClient(server.app, ['read:users']);
      const response = await mgmt(
        server.app,
        'PATCH',
        `/api/v2/clients/${machine.client_id}`,
        { client_secret: 'a-brand-new-secret-of-enough-length' },
        await managementToken(server.app, 'update:client_keys'),
      );
      expect(response.statusCode).toBe(200);
      expect(json(response)).not.toHaveProperty('client_secret');
    });

    // update:clients alone once let a caller set the admin client's secret and mint itself every scope.
    it.each<[string, string, Record<string, unknown>, string]>([
      ['client_secret with update:clients alone', 'update:clients', { client_secret: 'attacker-chosen-secret-0000' }, 'update:client_keys'],
      ['client_secret and a name with update:clients alone', 'update:clients', { name: 'Mine', client_secret: 'attacker-chosen-secret-0000' }, 'update:client_keys'],
      ['a name with update:client_keys alone', 'update:client_keys', { name: 'Mine' }, 'update:clients'],
      ['a name and client_secret with update:client_keys alone', 'update:client_keys', { name: 'Mine', client_secret: 'attacker-chosen-secret-0000' }, 'update:clients'],
    ])('refuses %s on the admin client: 403 insufficient_scope, nothing changed', async (_label, scope, body, expected) => {
      const response = await mgmt(server.app, 'PATCH', `/api/v2/clients/${ADMIN.clientId}`, body, await managementToken(server.app, scope));
      expect(response.statusCode).toBe(403);
      expect(json(response)).toEqual(insufficientScope(expected));
      expect(json(await mgmt(server.app, 'GET', `/api/v2/clients/${ADMIN.clientId}`, undefined, token))).toEqual({ ...ADMIN_VIEW, client_secret: ADMIN.clientSecret });
      expect((await clientCredentials(server.app, { client_id: ADMIN.clientId, client_secret: ADMIN.clientSecret })).statusCode).toBe(200);
    });

    it.each<[string, unknown, string]>([
      ['a short client_secret', { client_secret: 'fifteen-chars!!' }, "'must NOT have fewer than 16 characters' on property client_secret"],
      ['an unknown grant type', { grant_types: ['password', 'magic'] }, "'must be equal to constant' on property grant_types.1"],
      ['a new client_id', { client_id: 'mine' }, "'Additional properties not allowed: client_id'"],
      ['is_first_party', { is_first_party: false }, "'Additional properties not allowed: is_first_party'"],
    ])('refuses %s: 400 invalid_body and changes nothing', async (_label, body, detail) => {
      const app = json(await create({ name: 'Web App' })) as Record<string, unknown>;
      const response = await mgmt(server.app, 'PATCH', `/api/v2/clients/${String(app.client_id)}`, body, token);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidBody(detail));
      expect(json(await mgmt(server.app, 'GET', `/api/v2/clients/${String(app.client_id)}`, undefined, token))).toEqual(app);
    });

    it('answers 404 for an unknown client', async () => {
      const response = await mgmt(server.app, 'PATCH', '/api/v2/clients/nope', { name: 'x' }, token);
      expect(response.statusCode).toBe(404);
      expect(json(response)).toEqual(CLIENT_NOT_FOUND);
    });
  });

  describe('POST /api/v2/clients/{id}/rotate-secret', () => {
    it('answers the client with a fresh secret, even without read:client_keys; only the new secret authenticates', async () => {
      const machine = await createMachineClient(server.app, ['read:users']);
      const response = await mgmt(server.app, 'POST', `/api/v2/clients/${machine.client_id}/rotate-secret`, undefined, await managementToken(server.app, 'update:client_keys'));
      expect(response.statusCode).toBe(200);
      const body = json(response) as ClientBody;
      expect(body).toEqual({
        client_id: machine.client_id,
        name: 'Machine',
        is_first_party: true,
        callbacks: [],
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: 'client_secret_post',
        client_secret: expect.stringMatching(CLIENT_SECRET),
      });
      expect(body.client_secret).not.toBe(machine.client_secret);
      expect((await clientCredentials(server.app, { client_id: machine.client_id, client_secret: body.client_secret ?? '' })).statusCode).toBe(200);
      const old = await clientCredentials(server.app, machine);
      expect(old.statusCode).toBe(401);
      expect(json(old)).toEqual(INVALID_CLIENT);
    });

    it('answers 404 inexistent_client for an unknown id', async () => {
      const response = await mgmt(server.app, 'POST', '/api/v2/clients/nope/rotate-secret', undefined, token);
      expect(response.statusCode).toBe(404);
      expect(json(response)).toEqual(CLIENT_NOT_FOUND);
    });
  });

  describe('DELETE /api/v2/clients/{id}', () => {
    it('deletes: 204, then 404, its grants are gone and it can no longer authenticate', async () => {
      const machine = await createMachineClient(server.app, ['read:users']);
      const path = `/api/v2/clients/${machine.client_id}`;
      const response = await mgmt(server.app, 'DELETE', path, undefined, token);
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expect(json(await mgmt(server.app, 'GET', path, undefined, token))).toEqual(CLIENT_NOT_FOUND);
      const again = await mgmt(server.app, 'DELETE', path, undefined, token);
      expect(again.statusCode).toBe(404);
      expect(json(again)).toEqual(CLIENT_NOT_FOUND);
      const grants = await mgmt(server.app, 'GET', `/api/v2/client-grants?client_id=${machine.client_id}`, undefined, token);
      expect(json(grants)).toEqual([]);
      const refused = await clientCredentials(server.app, machine);
      expect(refused.statusCode).toBe(401);
      expect(json(refused)).toEqual(INVALID_CLIENT);
    });

    it('refuses to delete the bootstrap admin application, which keeps working', async () => {
      const response = await mgmt(server.app, 'DELETE', `/api/v2/clients/${ADMIN.clientId}`, undefined, token);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(mgmtError(400, 'operation_not_supported', 'The bootstrap administration client cannot be deleted.'));
      const stillThere = await mgmt(server.app, 'GET', `/api/v2/clients/${ADMIN.clientId}`, undefined, token);
      expect(json(stillThere)).toEqual({ ...ADMIN_VIEW, client_secret: ADMIN.clientSecret });
      expect((await clientCredentials(server.app, { client_id: ADMIN.clientId, client_secret: ADMIN.clientSecret })).statusCode).toBe(200);
    });
  });
});
