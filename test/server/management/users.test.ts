import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DATABASE_CONNECTION,
  invalidBody,
  invalidQuery,
  mgmtError,
  mgmtRaw,
  USER_NOT_FOUND,
  userCount,
} from '../../helpers/management.js';
import {
  buildTestServer,
  createClient,
  createUser,
  json,
  managementToken,
  mgmt,
  PASSWORD,
  tokenRequest,
  type TestClient,
  type TestServer,
} from '../../helpers/server.js';

/** The fixed clock's start (test/helpers/clock.ts). */
const T0 = '2026-11-23T12:00:00.000Z';
const USER_ID = /^auth0\|[0-9a-f]{24}$/;
const NEW_PASSWORD = 'a different long passphrase';

/** The Management API user object for a user created with only connection, email and password. */
function plainUser(userId: string, email: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    user_id: userId,
    email,
    email_verified: false,
    name: email,
    nickname: email.split('@')[0],
    identities: [{ connection: DATABASE_CONNECTION, provider: 'auth0', user_id: userId.slice('auth0|'.length), isSocial: false }],
    user_metadata: {},
    app_metadata: {},
    blocked: false,
    created_at: T0,
    updated_at: T0,
    logins_count: 0,
    ...overrides,
  };
}

const createBody = (email: string, extra: Record<string, unknown> = {}) => ({ connection: DATABASE_CONNECTION, email, password: PASSWORD, ...extra });

function login(app: TestServer['app'], client: TestClient, username: string, password: string, extra: Record<string, string> = {}) {
  return tokenRequest(app, { grant_type: 'password', client_id: client.client_id, client_secret: client.client_secret, username, password, ...extra });
}

const WRONG_PASSWORD = { error: 'invalid_grant', error_description: 'Wrong email or password.' };

describe('Management API: users', () => {
  let server: TestServer;
  let token: string;
  beforeEach(async () => {
    server = await buildTestServer();
    token = await managementToken(server.app);
  });
  afterEach(() => server.close());

  describe('POST /api/v2/users', () => {
    it('creates a user: 201 with the whole Auth0 user object', async () => {
      const response = await mgmt(server.app, 'POST', '/api/v2/users', createBody('ada@example.com'), token);
      expect(response.statusCode).toBe(201);
      const body = json(response) as { user_id: string };
      expect(body.user_id).toMatch(USER_ID);
      expect(body).toEqual(plainUser(body.user_id, 'ada@example.com'));
      const fetched = await mgmt(server.app, 'GET', `/api/v2/users/${encodeURIComponent(body.user_id)}`, undefined, token);
      expect(json(fetched)).toEqual(body);
    });

    it('keeps every optional profile field it is given', async () => {
      const response = await mgmt(
        server.app,
        'POST',
        '/api/v2/users',
        createBody('grace@example.com', {
          email_verified: true,
          name: 'Grace Hopper',
          nickname: 'amazing-grace',
          given_name: 'Grace',
          family_name: 'Hopper',
          picture: 'https://example.com/grace.png',
          user_metadata: { theme: 'dark', nested: { a: [1, 2] } },
          app_metadata: { plan: 'gold' },
        }),
        token,
      );
      expect(response.statusCode).toBe(201);
      const body = json(response) as { user_id: string };
      expect(body).toEqual(
        plainUser(body.user_id, 'grace@example.com', {
          email_verified: true,
          name: 'Grace Hopper',
          nickname: 'amazing-grace',
          given_name: 'Grace',
          family_name: 'Hopper',
          picture: 'https://example.com/grace.png',
          user_metadata: { theme: 'dark', nested: { a: [1, 2] } },
          app_metadata: { plan: 'gold' },
        }),
      );
    });

    it('creates a user that can log in with the password', async () => {
      await mgmt(server.app, 'POST', '/api/v2/users', createBody('ada@example.com'), token);
      const client = await createClient(server.app);
      const response = await login(server.app, client, 'ada@example.com', PASSWORD);
      expect(response.statusCode).toBe(200);
    });

    it.each([
      ['the same email', 'ada@example.com'],
      ['the email in another case', 'ADA@Example.COM'],
    ])('refuses %s twice: 409 and no second user', async (_label, second) => {
      await mgmt(server.app, 'POST', '/api/v2/users', createBody('ada@example.com'), token);
      const response = await mgmt(server.app, 'POST', '/api/v2/users', createBody(second), token);
      expect(response.statusCode).toBe(409);
      expect(json(response)).toEqual(mgmtError(409, 'auth0_idp_error', 'The user already exists.'));
      expect(await userCount(server)).toBe(1);
    });

    it('creates exactly one user when the same email is posted twice at once', async () => {
      const responses = await Promise.all([
        mgmt(server.app, 'POST', '/api/v2/users', createBody('ada@example.com'), token),
        mgmt(server.app, 'POST', '/api/v2/users', createBody('Ada@Example.com'), token),
      ]);
      expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      expect(await userCount(server)).toBe(1);
    });

    it('refuses an unknown connection', async () => {
      const response = await mgmt(server.app, 'POST', '/api/v2/users', createBody('ada@example.com', { connection: 'google-oauth2' }), token);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(mgmtError(400, 'inexistent_connection', 'The connection does not exist.'));
      expect(await userCount(server)).toBe(0);
    });

    it('refuses a password shorter than 8 characters and accepts one of exactly 8', async () => {
      const weak = await mgmt(server.app, 'POST', '/api/v2/users', createBody('ada@example.com', { password: 'seven77' }), token);
      expect(weak.statusCode).toBe(400);
      expect(json(weak)).toEqual(mgmtError(400, 'invalid_body', 'PasswordStrengthError: Password is too weak'));
      expect(await userCount(server)).toBe(0);
      const enough = await mgmt(server.app, 'POST', '/api/v2/users', createBody('ada@example.com', { password: 'eight888' }), token);
      expect(enough.statusCode).toBe(201);
    });

    const { email: _omitEmail, ...withoutEmail } = createBody('x@example.com');
    const { connection: _omitConnection, ...withoutConnection } = createBody('ada@example.com');
    const { password: _omitPassword, ...withoutPassword } = createBody('ada@example.com');
    it.each<[string, unknown, string]>([
      ['missing email', withoutEmail, "'Missing required property: email'"],
      ['missing connection', withoutConnection, "'Missing required property: connection'"],
      ['missing password', withoutPassword, "'Missing required property: password'"],
      ['email as a number', createBody('x', { email: 123 }), "'Expected type string but found type integer' on property email"],
      ['email as a float', createBody('x', { email: 1.5 }), "'Expected type string but found type number' on property email"],
      ['email as null', createBody('x', { email: null }), "'Expected type string but found type null' on property email"],
      ['email as an object', createBody('x', { email: { $gt: '' } }), "'Expected type string but found type object' on property email"],
      ['email not an address', createBody('not-an-email'), `'must match format "email"' on property email`],
      ['an unknown property', createBody('ada@example.com', { role: 'admin' }), "'Additional properties not allowed: role'"],
      ['user_id chosen by the caller', createBody('ada@example.com', { user_id: 'auth0|mine' }), "'Additional properties not allowed: user_id'"],
      ['blocked as a string', createBody('ada@example.com', { blocked: 'yes' }), "'Expected type boolean but found type string' on property blocked"],
      ['user_metadata as an array', createBody('ada@example.com', { user_metadata: [] }), "'Expected type object but found type array' on property user_metadata"],
      ['an empty name', createBody('ada@example.com', { name: '' }), "'must NOT have fewer than 1 characters' on property name"],
      ['a 1025-character password', createBody('ada@example.com', { password: 'p'.repeat(1025) }), "'must NOT have more than 1024 characters' on property password"],
      ['a picture that is not a URI', createBody('ada@example.com', { picture: 'not a uri' }), `'must match format "uri"' on property picture`],
      ['an array body', [], "'Expected type object but found type array'"],
      ['a null body', null, "'Expected type object but found type null'"],
      ['a string body', 'ada@example.com', "'Expected type object but found type string'"],
    ])('refuses %s: 400 invalid_body', async (_label, body, detail) => {
      const response = await mgmtRaw(server.app, 'POST', '/api/v2/users', token, JSON.stringify(body), 'application/json');
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidBody(detail));
      expect(await userCount(server)).toBe(0);
    });

    it.each<[string, string, string]>([
      ['truncated JSON', '{"email":', 'invalid JSON'],
      ['a trailing comma', '{"email":"ada@example.com",}', 'invalid JSON'],
      ['a __proto__ key', '{"__proto__":{"polluted":true},"email":"ada@example.com"}', 'invalid JSON'],
      ['an empty body', '', 'body is empty'],
    ])('refuses %s as invalid_body', async (_label, payload, detail) => {
      const response = await mgmtRaw(server.app, 'POST', '/api/v2/users', token, payload, 'application/json');
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidBody(detail));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it.each<[string, string | undefined]>([
      ['a form-encoded body', 'application/x-www-form-urlencoded'],
      ['a text/plain body', 'text/plain'],
      ['a multipart body', 'multipart/form-data; boundary=x'],
      ['a body with no content type', undefined],
    ])('refuses %s: 415', async (_label, contentType) => {
      const payload = contentType === 'text/plain' ? JSON.stringify(createBody('ada@example.com')) : new URLSearchParams(createBody('ada@example.com')).toString();
      const response = await mgmtRaw(server.app, 'POST', '/api/v2/users', token, payload, contentType);
      expect(response.statusCode).toBe(415);
      expect(json(response)).toEqual(mgmtError(415, 'unsupported_media_type', 'Content-Type must be application/json.'));
      expect(await userCount(server)).toBe(0);
    });

    it('accepts a body of exactly 64 KiB and refuses one byte more: 413', async () => {
      const padded = (size: number) => {
        const base = JSON.stringify(createBody('ada@example.com'));
        return `${base.slice(0, -1)}${' '.repeat(size - base.length)}}`;
      };
      const over = await mgmtRaw(server.app, 'POST', '/api/v2/users', token, padded(64 * 1024 + 1), 'application/json');
      expect(over.statusCode).toBe(413);
      expect(json(over)).toEqual(mgmtError(413, 'payload_too_large', 'Request body is too large.'));
      expect(await userCount(server)).toBe(0);
      const exact = await mgmtRaw(server.app, 'POST', '/api/v2/users', token, padded(64 * 1024), 'application/json');
      expect(exact.statusCode).toBe(201);
    });
  });

  describe('GET /api/v2/users', () => {
    async function threeUsers(): Promise<{ user_id: string; email: string }[]> {
      const users = [];
      for (const email of ['ada@example.com', 'grace@example.com', 'linus@example.com']) {
        users.push(await createUser(server.app, email));
        server.clock.advance(1000);
      }
      return users;
    }
    const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
    const views = (users: { user_id: string; email: string }[]) =>
      users.map((u, i) => plainUser(u.user_id, u.email, { created_at: at(i), updated_at: at(i) }));

    it('lists no users on a fresh tenant', async () => {
      const response = await mgmt(server.app, 'GET', '/api/v2/users', undefined, token);
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual([]);
    });

    it('lists users as a bare array, oldest first', async () => {
      const users = await threeUsers();
      const response = await mgmt(server.app, 'GET', '/api/v2/users', undefined, token);
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual(views(users));
    });

    it('wraps the page with totals when include_totals=true', async () => {
      const users = await threeUsers();
      const response = await mgmt(server.app, 'GET', '/api/v2/users?include_totals=true', undefined, token);
      expect(json(response)).toEqual({ start: 0, limit: 50, length: 3, total: 3, users: views(users) });
    });

    it('pages with page and per_page', async () => {
      const users = await threeUsers();
      const expected = views(users);
      const first = await mgmt(server.app, 'GET', '/api/v2/users?page=0&per_page=2&include_totals=true', undefined, token);
      expect(json(first)).toEqual({ start: 0, limit: 2, length: 2, total: 3, users: expected.slice(0, 2) });
      const second = await mgmt(server.app, 'GET', '/api/v2/users?page=1&per_page=2&include_totals=true', undefined, token);
      expect(json(second)).toEqual({ start: 2, limit: 2, length: 1, total: 3, users: expected.slice(2) });
      const bare = await mgmt(server.app, 'GET', '/api/v2/users?page=1&per_page=2', undefined, token);
      expect(json(bare)).toEqual(expected.slice(2));
      const beyond = await mgmt(server.app, 'GET', '/api/v2/users?page=5&per_page=2&include_totals=false', undefined, token);
      expect(json(beyond)).toEqual([]);
    });

    it.each<[string, string]>([
      ['per_page=1000', "'must be <= 100' on property per_page"],
      ['per_page=-1', "'must be >= 0' on property per_page"],
      ['page=-1', "'must be >= 0' on property page"],
      ['page=abc', "'Expected type integer but found type string' on property page"],
      ['page=1.5', "'Expected type integer but found type string' on property page"],
      ['include_totals=maybe', "'Expected type boolean but found type string' on property include_totals"],
      ['fields_to_leak=password_hash', "'Additional properties not allowed: fields_to_leak'"],
    ])('refuses ?%s: 400 invalid_query_string', async (query, detail) => {
      const response = await mgmt(server.app, 'GET', `/api/v2/users?${query}`, undefined, token);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidQuery(detail));
    });

    it('never shows a password hash', async () => {
      await threeUsers();
      const response = await mgmt(server.app, 'GET', '/api/v2/users?include_totals=true', undefined, token);
      expect(response.body).not.toMatch(/password_hash|scrypt/i);
    });
  });

  describe('GET /api/v2/users/{id}', () => {
    it.each([
      ['an unknown id', 'auth0|000000000000000000000000'],
      ['an id of another shape', 'google-oauth2|12345'],
      ['SQL in the id', "auth0|' OR '1'='1"],
    ])('answers 404 inexistent_user for %s', async (_label, id) => {
      await createUser(server.app);
      const response = await mgmt(server.app, 'GET', `/api/v2/users/${encodeURIComponent(id)}`, undefined, token);
      expect(response.statusCode).toBe(404);
      expect(json(response)).toEqual(USER_NOT_FOUND);
    });
  });

  describe('PATCH /api/v2/users/{id}', () => {
    let user: { user_id: string; email: string };
    let client: TestClient;
    beforeEach(async () => {
      user = await createUser(server.app);
      client = await createClient(server.app);
      server.clock.advance(60_000);
    });
    const T1 = '2026-11-23T12:01:00.000Z';
    const patch = (body: unknown, id = user.user_id) => mgmt(server.app, 'PATCH', `/api/v2/users/${encodeURIComponent(id)}`, body, token);

    it('changes the name and returns the whole user with updated_at moved', async () => {
      const response = await patch({ name: 'Ada Lovelace', given_name: 'Ada' });
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual(plainUser(user.user_id, user.email, { name: 'Ada Lovelace', given_name: 'Ada', updated_at: T1 }));
    });

    it('changes the email: the new one logs in, the old one no longer does', async () => {
      const response = await patch({ email: 'countess@example.com' });
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual(plainUser(user.user_id, 'countess@example.com', { updated_at: T1 }));
      expect((await login(server.app, client, 'countess@example.com', PASSWORD)).statusCode).toBe(200);
      const old = await login(server.app, client, 'ada@example.com', PASSWORD);
      expect(old.statusCode).toBe(403);
      expect(json(old)).toEqual(WRONG_PASSWORD);
    });

    it('lets a user keep their own email in another case', async () => {
      const response = await patch({ email: 'ADA@example.com' });
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual(plainUser(user.user_id, 'ADA@example.com', { updated_at: T1 }));
    });

    it("refuses another user's email, in any case: 409", async () => {
      await createUser(server.app, 'grace@example.com');
      const response = await patch({ email: 'Grace@Example.com' });
      expect(response.statusCode).toBe(409);
      expect(json(response)).toEqual(mgmtError(409, 'auth0_idp_error', 'The user already exists.'));
      const unchanged = await mgmt(server.app, 'GET', `/api/v2/users/${encodeURIComponent(user.user_id)}`, undefined, token);
      expect(json(unchanged)).toEqual(plainUser(user.user_id, user.email));
    });

    it('gives an email to only one of two users who ask for it at once (with password changes in flight)', async () => {
      const grace = await createUser(server.app, 'grace@example.com');
      const responses = await Promise.all([
        patch({ email: 'shared@example.com', password: NEW_PASSWORD }),
        patch({ email: 'SHARED@example.com', password: NEW_PASSWORD }, grace.user_id),
      ]);
      expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const conflict = responses.find((r) => r.statusCode === 409);
      expect(json(conflict ?? responses[0]!)).toEqual(mgmtError(409, 'auth0_idp_error', 'The user already exists.'));
    });

    it('changes the password: the old one stops working and the new one logs in', async () => {
      const response = await patch({ password: NEW_PASSWORD });
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual(plainUser(user.user_id, user.email, { updated_at: T1 }));
      const old = await login(server.app, client, user.email, PASSWORD);
      expect(old.statusCode).toBe(403);
      expect(json(old)).toEqual(WRONG_PASSWORD);
      const fresh = await login(server.app, client, user.email, NEW_PASSWORD);
      expect(fresh.statusCode).toBe(200);
    });

    it('ends refresh tokens when the password changes', async () => {
      const first = json(await login(server.app, client, user.email, PASSWORD, { scope: 'openid offline_access' })) as { refresh_token: string };
      expect(first.refresh_token).toEqual(expect.any(String));
      await patch({ password: NEW_PASSWORD });
      const refreshed = await tokenRequest(server.app, {
        grant_type: 'refresh_token',
        client_id: client.client_id,
        client_secret: client.client_secret,
        refresh_token: first.refresh_token,
      });
      expect(refreshed.statusCode).toBe(403);
      expect(json(refreshed)).toEqual({ error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' });
    });

    it('refuses a weak new password and keeps the old one', async () => {
      const response = await patch({ password: 'short' });
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(mgmtError(400, 'invalid_body', 'PasswordStrengthError: Password is too weak'));
      expect((await login(server.app, client, user.email, PASSWORD)).statusCode).toBe(200);
    });

    it('blocks and unblocks: a blocked user cannot log in or refresh, and old sessions stay ended', async () => {
      const first = json(await login(server.app, client, user.email, PASSWORD, { scope: 'openid offline_access' })) as { refresh_token: string };
      const blocked = await patch({ blocked: true });
      expect(blocked.statusCode).toBe(200);
      expect(json(blocked)).toEqual(plainUser(user.user_id, user.email, { blocked: true, updated_at: T1, logins_count: 1, last_login: T1 }));
      const refused = await login(server.app, client, user.email, PASSWORD);
      expect(refused.statusCode).toBe(401);
      expect(json(refused)).toEqual({ error: 'unauthorized', error_description: 'user is blocked' });

      const unblocked = await patch({ blocked: false });
      expect(json(unblocked)).toMatchObject({ blocked: false });
      expect((await login(server.app, client, user.email, PASSWORD)).statusCode).toBe(200);
      const refreshed = await tokenRequest(server.app, {
        grant_type: 'refresh_token',
        client_id: client.client_id,
        client_secret: client.client_secret,
        refresh_token: first.refresh_token,
      });
      expect(refreshed.statusCode).toBe(403);
      expect(json(refreshed)).toEqual({ error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' });
    });

    it('merges user_metadata: keys are added and replaced, null removes one, app_metadata is left alone', async () => {
      await patch({ user_metadata: { theme: 'dark', lang: 'en', nested: { a: 1 } }, app_metadata: { plan: 'gold' } });
      const response = await patch({ user_metadata: { lang: null, tz: 'UTC', nested: { b: 2 } } });
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual(
        plainUser(user.user_id, user.email, { user_metadata: { theme: 'dark', tz: 'UTC', nested: { b: 2 } }, app_metadata: { plan: 'gold' }, updated_at: T1 }),
      );
    });

    it('accepts an empty patch and changes nothing but updated_at', async () => {
      const response = await patch({});
      expect(response.statusCode).toBe(200);
      expect(json(response)).toEqual(plainUser(user.user_id, user.email, { updated_at: T1 }));
    });

    it('refuses an unknown connection', async () => {
      const response = await patch({ connection: 'github' });
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(mgmtError(400, 'inexistent_connection', 'The connection does not exist.'));
    });

    it.each<[string, unknown, string]>([
      ['email as a number', { email: 5 }, "'Expected type string but found type integer' on property email"],
      ['a new user_id', { user_id: 'auth0|other' }, "'Additional properties not allowed: user_id'"],
      ['logins_count', { logins_count: 100 }, "'Additional properties not allowed: logins_count'"],
      ['user_metadata as a string', { user_metadata: 'x' }, "'Expected type object but found type string' on property user_metadata"],
    ])('refuses %s: 400 invalid_body', async (_label, body, detail) => {
      const response = await patch(body);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidBody(detail));
    });

    it('answers 404 for an unknown user', async () => {
      const response = await patch({ name: 'Nobody' }, 'auth0|000000000000000000000000');
      expect(response.statusCode).toBe(404);
      expect(json(response)).toEqual(USER_NOT_FOUND);
    });
  });

  describe('DELETE /api/v2/users/{id}', () => {
    it('deletes: 204 with no body, then 404 for GET and DELETE, and the password no longer logs in', async () => {
      const user = await createUser(server.app);
      const client = await createClient(server.app);
      const path = `/api/v2/users/${encodeURIComponent(user.user_id)}`;
      const response = await mgmt(server.app, 'DELETE', path, undefined, token);
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expect(json(await mgmt(server.app, 'GET', path, undefined, token))).toEqual(USER_NOT_FOUND);
      const again = await mgmt(server.app, 'DELETE', path, undefined, token);
      expect(again.statusCode).toBe(404);
      expect(json(again)).toEqual(USER_NOT_FOUND);
      const loginAttempt = await login(server.app, client, user.email, PASSWORD);
      expect(json(loginAttempt)).toEqual(WRONG_PASSWORD);
      expect(await userCount(server)).toBe(0);
    });

    it('frees the email for a new user', async () => {
      const user = await createUser(server.app);
      await mgmt(server.app, 'DELETE', `/api/v2/users/${encodeURIComponent(user.user_id)}`, undefined, token);
      const again = await mgmt(server.app, 'POST', '/api/v2/users', createBody(user.email), token);
      expect(again.statusCode).toBe(201);
      expect((json(again) as { user_id: string }).user_id).not.toBe(user.user_id);
    });
  });
});
