import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMachineClient, enrolledTenant, mgmtError, mgmtRaw, stateSnapshot, type EnrolledTenant, type MachineClient } from '../../helpers/management.js';
import { buildTestServer, json, managementToken, type TestServer } from '../../helpers/server.js';
import { USER_ID_PARAM_MAX_LENGTH } from '../../../server/services/import-schema.js';

/** Bodies a confused or hostile caller might send: wrong JSON types, broken JSON, prototype keys, deep nesting, odd text. */
const GARBAGE_BODIES = [
  '',
  ' ',
  'null',
  'true',
  '0',
  '-1e309',
  '"a string"',
  '[]',
  '[{}]',
  '{}',
  '{',
  '}',
  '{"a":1',
  '\u0000',
  '\ufeff{}',
  'NaN',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"email":{"$gt":""},"connection":"Username-Password-Authentication","password":"long enough pass"}',
  '{"enabled":null}',
  '{"scope":[null]}',
  '{"scope":"read:users"}',
  '{"grant_types":[[]]}',
  '{"user_metadata":{"a":{"b":{"c":{"d":[1,2,{"e":null}]}}}}}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `{"name":"${'x'.repeat(10_000)}"}`,
];

/** Odd but valid JSON that some route may accept: a repeated key (the last wins), a lone surrogate, a long array. */
const ODD_BUT_VALID_BODIES = [
  '{"email":"a@b.c","email":"d@e.f","connection":"Username-Password-Authentication","password":"long enough pass"}',
  '{"name":"\\ud800"}',
  JSON.stringify({ name: 'A', callbacks: Array.from({ length: 500 }, (_, i) => `https://e.com/${i}`) }),
];

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', undefined];

interface Fixture extends EnrolledTenant {
  machine: MachineClient;
}

/** Every write route, with the fixture's ids filled in. */
const WRITE_ROUTES: [method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: (f: Fixture) => string][] = [
  ['POST', () => '/api/v2/users'],
  ['PATCH', (f) => `/api/v2/users/${encodeURIComponent(f.user.user_id)}`],
  ['POST', () => '/api/v2/clients'],
  ['PATCH', (f) => `/api/v2/clients/${f.client.client_id}`],
  ['POST', () => '/api/v2/client-grants'],
  ['PATCH', (f) => `/api/v2/client-grants/${f.machine.grant_id}`],
  ['PUT', () => '/api/v2/guardian/factors/otp'],
  ['PUT', () => '/api/v2/guardian/policies'],
  ['PUT', () => '/api/v2/guardian/settings'],
  ['POST', (f) => `/api/v2/users/${encodeURIComponent(f.user.user_id)}/recovery-code-regeneration`],
];

/** Anything at or above 400 must be the one Management error shape, with statusCode matching the status. */
function expectWellFormed(response: LightMyRequestResponse, label: string): void {
  expect(response.statusCode, label).toBeLessThan(500);
  if (response.statusCode < 400) return;
  const body = json(response) as Record<string, unknown>;
  expect(Object.keys(body).sort(), label).toEqual(['error', 'errorCode', 'message', 'statusCode']);
  expect(body.statusCode, label).toBe(response.statusCode);
  expect(body.message, label).not.toMatch(/FST_|ajv|sqlite|at .*\.ts:\d+|stack/i);
}

describe('Management API robustness: never a 5xx, always the one error shape', () => {
  let server: TestServer;
  let fixture: Fixture;
  let token: string;
  beforeEach(async () => {
    server = await buildTestServer();
    const tenant = await enrolledTenant(server);
    fixture = { ...tenant, machine: await createMachineClient(server.app, ['read:users']) };
    token = await managementToken(server.app);
  });
  afterEach(() => server.close());

  it('answers every garbage body on every write route with a 2xx or a well-formed 4xx', async () => {
    for (const [method, path] of WRITE_ROUTES) {
      for (const contentType of CONTENT_TYPES) {
        for (const payload of [...GARBAGE_BODIES, ...ODD_BUT_VALID_BODIES]) {
          const response = await mgmtRaw(server.app, method, path(fixture), token, payload, contentType);
          expectWellFormed(response, `${method} ${path(fixture)} ${contentType ?? '(none)'} ${JSON.stringify(payload.slice(0, 40))}`);
        }
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses every garbage body to a create route without creating anything', async () => {
    const creates = WRITE_ROUTES.filter(([method]) => method === 'POST').slice(0, 3);
    const before = await stateSnapshot(server);
    for (const [method, path] of creates) {
      for (const payload of GARBAGE_BODIES) {
        const response = await mgmtRaw(server.app, method, path(fixture), token, payload, 'application/json');
        expect(response.statusCode, `${path(fixture)} ${JSON.stringify(payload.slice(0, 40))}`).toBeGreaterThanOrEqual(400);
      }
    }
    expect(await stateSnapshot(server)).toEqual(before);
  });

  it.each([
    ['a bad percent-encoding', '/api/v2/users/%E0%A4%A'],
    ['a NUL byte', '/api/v2/users/%00'],
    ['an encoded slash', '/api/v2/users/..%2F..%2Fclients'],
    ['a very long id', `/api/v2/users/${'a'.repeat(5000)}`],
    ['a very long client id', `/api/v2/clients/${'a'.repeat(300)}`],
    ['a factor name with a dot-dot', '/api/v2/guardian/factors/%2e%2e'],
    ['an unknown route', '/api/v2/tenants/settings'],
    ['a trailing slash', '/api/v2/users/'],
    ['a query string of garbage', '/api/v2/users?page[]=1&page[]=2&per_page=%zz'],
  ])('answers %s with a well-formed 4xx', async (label, url) => {
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const response = await mgmtRaw(server.app, method, url, token, method === 'PATCH' ? '{}' : undefined, method === 'PATCH' ? 'application/json' : undefined);
      expectWellFormed(response, `${label}: ${method} ${url.slice(0, 60)}`);
      expect(response.statusCode, `${label}: ${method}`).toBeGreaterThanOrEqual(400);
    }
  });

  it.each([
    ['a bad percent-encoding', '/api/v2/users/%E0%A4%A', "Path validation error: 'The URL is not valid'."],
    // The router's bound is the longest user id an import can create (USER_ID_PARAM_MAX_LENGTH), measured decoded: one more is refused.
    ['a path parameter one past the longest user id', `/api/v2/users/auth0%7C${'a'.repeat(USER_ID_PARAM_MAX_LENGTH - 'auth0|'.length + 1)}`, "Path validation error: 'A path parameter is too long'."],
  ])('answers %s with 400 invalid_uri, in the Management shape and without echoing the path', async (_label, url, message) => {
    const response = await mgmtRaw(server.app, 'GET', url, token);
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(mgmtError(400, 'invalid_uri', message));
  });

  it('answers an id holding U+0000 as any unknown id: 404, on either engine', async () => {
    for (const method of ['GET', 'DELETE'] as const) {
      const response = await mgmtRaw(server.app, method, '/api/v2/users/auth0%7Cabc%00def', token);
      expect(json(response), method).toEqual(mgmtError(404, 'inexistent_user', 'The user does not exist.'));
    }
  });

  it('refuses U+0000 in a body string, a body key or a query string before any store sees it', async () => {
    const before = await stateSnapshot(server);
    const cases: [method: 'POST' | 'PATCH' | 'GET', url: string, payload: string | undefined, expected: unknown][] = [
      ['POST', '/api/v2/users', JSON.stringify({ connection: 'Username-Password-Authentication', email: 'nul@example.com', password: 'long enough pass', name: 'A\u0000B' }),
        mgmtError(400, 'invalid_body', "Payload validation error: 'must not contain a NUL character' on property name.")],
      ['PATCH', `/api/v2/users/${encodeURIComponent(fixture.user.user_id)}`, JSON.stringify({ user_metadata: { 'k\u0000': 1 } }),
        mgmtError(400, 'invalid_body', "Payload validation error: 'must not contain a NUL character' on property user_metadata.k\u0000.")],
      ['GET', '/api/v2/users?q=email%3A%22a%00%22', undefined, mgmtError(400, 'invalid_query_string', "Query validation error: 'must not contain a NUL character' on property q.")],
      ['GET', '/api/v2/users-by-email?email=a%00%40example.com', undefined, mgmtError(400, 'invalid_query_string', "Query validation error: 'must not contain a NUL character' on property email.")],
    ];
    for (const [method, url, payload, expected] of cases) {
      const response = await mgmtRaw(server.app, method, url, token, payload, payload === undefined ? undefined : 'application/json');
      expect(json(response), `${method} ${url}`).toEqual(expected);
    }
    expect(await stateSnapshot(server)).toEqual(before);
  });

  it('refuses U+0000 in an OAuth parameter in the OAuth shape', async () => {
    // A known client, so the refusal is the parameter's and not client authentication's.
    const response = await server.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ grant_type: 'password', client_id: fixture.client.client_id, client_secret: fixture.client.client_secret, username: 'a\u0000@b.c', password: 'p' }),
    });
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual({ error: 'invalid_request', error_description: 'Invalid parameter: username must not contain a NUL character' });
  });

  it('keeps the OAuth shape for a bad URL outside the Management API', async () => {
    const response = await server.app.inject({ method: 'DELETE', url: '/mfa/authenticators/%E0%A4%A' });
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual({ error: 'invalid_request', error_description: 'The URL is not valid.' });
  });
});
