import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_CONNECTION, invalidBody, invalidQuery, mgmtRaw, stateSnapshot, userCount } from '../../helpers/management.js';
import { buildTestServer, createUser, json, managementToken, type TestServer } from '../../helpers/server.js';

/** `levels` objects nested one in the next, as JSON text (building it as a value would recurse in the test). */
const nested = (levels: number) => `${'{"k":'.repeat(levels)}1${'}'.repeat(levels)}`;
const nestedArrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
/** A metadata object whose JSON is exactly `bytes` long. */
const sized = (bytes: number) => JSON.stringify({ k: 'x'.repeat(bytes - '{"k":""}'.length) });

const NEW_USER = `"connection":"${DATABASE_CONNECTION}","email":"deep@example.com","password":"long enough pass"`;

describe('Management API input bounds', () => {
  let server: TestServer;
  let token: string;
  let userId: string;
  const fixture = async () => {
    const built = await buildTestServer();
    return { server: built, token: await managementToken(built.app), userId: encodeURIComponent((await createUser(built.app)).user_id) };
  };
  const get = (url: string) => mgmtRaw(server.app, 'GET', url, token);
  const send = (method: 'POST' | 'PATCH', url: string, payload: string) => mgmtRaw(server.app, method, url, token, payload, 'application/json');

  // Refused queries change nothing, so one server serves every case of this table.
  describe('paging values', () => {
    beforeAll(async () => {
      ({ server, token, userId } = await fixture());
    });
    afterAll(() => server.close());

    const LISTS: [string, () => string][] = [
      ['users', () => '/api/v2/users'],
      ['clients', () => '/api/v2/clients'],
      ['logs', () => '/api/v2/logs'],
      ['user logs', () => `/api/v2/users/${userId}/logs`],
      ['authentication methods', () => `/api/v2/users/${userId}/authentication-methods`],
    ];
    const notInteger = (name: string) => `'Expected type integer but found type string' on property ${name}`;
    const BAD: [query: string, detail: string][] = [
      ['page=1e308', notInteger('page')],
      ['page=99999999999999999999', "'must be <= 1000' on property page"],
      ['page=1001', "'must be <= 1000' on property page"],
      ['page=1e2', notInteger('page')],
      ['page=0x10', notInteger('page')],
      ['page=%2B1', notInteger('page')],
      ['page=%201', notInteger('page')],
      ['page=1.5', notInteger('page')],
      ['page=-1', "'must be >= 0' on property page"],
      ['page=-1e308', notInteger('page')],
      ['per_page=1e308', notInteger('per_page')],
      ['per_page=101', "'must be <= 100' on property per_page"],
      ['per_page=1e1', notInteger('per_page')],
    ];
    const cases = LISTS.flatMap(([list, url]) => BAD.map(([query, detail]) => [list, query, url, detail] as const));

    it.each(cases)('%s refuses ?%s with 400 invalid_query_string', async (_list, query, url, detail) => {
      const response = await get(`${url()}?${query}`);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidQuery(detail));
    });

    it.each([
      ['take=1e308', notInteger('take')],
      ['take=99999999999999999999', "'must be <= 100' on property take"],
      ['take=0', "'must be >= 1' on property take"],
    ])('logs refuses ?%s with 400 invalid_query_string', async (query, detail) => {
      const response = await get(`/api/v2/logs?${query}`);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidQuery(detail));
    });

    it.each(LISTS)('%s still answers the last page allowed, at the largest page size', async (_list, url) => {
      const response = await get(`${url()}?page=1000&per_page=100&include_totals=true`);
      expect(response.statusCode).toBe(200);
      expect(json(response)).toMatchObject({ start: 100_000, limit: 100 });
    });
  });

  describe('user metadata', () => {
    beforeEach(async () => {
      ({ server, token, userId } = await fixture());
    });
    afterEach(() => server.close());

    const REFUSED: [label: string, value: string, detail: (field: string) => string][] = [
      ['nested 11 levels', nested(11), (field) => `${field} is nested more than 10 levels deep`],
      ['nested 4,100 levels', nested(4100), (field) => `${field} is nested more than 10 levels deep`],
      ['nested 5,000 levels', nested(5000), (field) => `${field} is nested more than 10 levels deep`],
      ['arrays nested 5,000 levels', `{"k":${nestedArrays(5000)}}`, (field) => `${field} is nested more than 10 levels deep`],
      ['one byte over 16 KB', sized(16 * 1024 + 1), (field) => `${field} is larger than 16384 bytes`],
    ];
    const FIELDS = ['user_metadata', 'app_metadata'];
    const cases = FIELDS.flatMap((field) => REFUSED.map(([label, value, detail]) => [field, label, value, detail(field)] as const));

    it.each(cases)('a create with %s %s: 400, no user written, the user list still works', async (field, _label, value, detail) => {
      const before = await stateSnapshot(server);
      const response = await send('POST', '/api/v2/users', `{${NEW_USER},"${field}":${value}}`);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidBody(detail));
      expect(await stateSnapshot(server)).toEqual(before);
      const list = await get('/api/v2/users');
      expect(list.statusCode).toBe(200);
      expect((json(list) as unknown[]).length).toBe(1);
    });

    it.each(cases)('a patch of %s %s: 400, the user unchanged, the user list still works', async (field, _label, value, detail) => {
      const before = await stateSnapshot(server);
      const response = await send('PATCH', `/api/v2/users/${userId}`, `{"${field}":${value}}`);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidBody(detail));
      expect(await stateSnapshot(server)).toEqual(before);
      expect((await get('/api/v2/users')).statusCode).toBe(200);
    });

    it.each(FIELDS)('accepts %s at exactly the bounds (10 levels, 16 KB) and reads it back', async (field) => {
      for (const value of [nested(10), sized(16 * 1024)]) {
        const created = await send('POST', '/api/v2/users', `{${NEW_USER.replace('deep@', `${value.length}@`)},"${field}":${value}}`);
        expect(created.statusCode).toBe(201);
        const id = encodeURIComponent((json(created) as { user_id: string }).user_id);
        expect((json(await get(`/api/v2/users/${id}`)) as Record<string, unknown>)[field]).toEqual(JSON.parse(value));
      }
      expect(json(await get('/api/v2/users')) as unknown[]).toHaveLength(3);
    });

    it.each(FIELDS)('refuses a patch of %s whose keys fit alone but not once merged with the stored ones', async (field) => {
      const half = JSON.stringify({ a: 'x'.repeat(10_000) });
      expect((await send('PATCH', `/api/v2/users/${userId}`, `{"${field}":${half}}`)).statusCode).toBe(200);
      const before = await stateSnapshot(server);
      const response = await send('PATCH', `/api/v2/users/${userId}`, `{"${field}":${JSON.stringify({ b: 'x'.repeat(10_000) })}}`);
      expect(response.statusCode).toBe(400);
      expect(json(response)).toEqual(invalidBody(`${field} is larger than 16384 bytes once merged`));
      expect(await stateSnapshot(server)).toEqual(before);
    });

    it('50 parallel creates nested 5,000 levels: every one refused, none written', async () => {
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) => send('POST', '/api/v2/users', `{${NEW_USER.replace('deep@', `deep${i}@`)},"app_metadata":${nested(5000)}}`)),
      );
      expect(responses.map((response) => response.statusCode)).toEqual(Array.from({ length: 50 }, () => 400));
      expect(await userCount(server)).toBe(1);
      expect((await get('/api/v2/users')).statusCode).toBe(200);
    });
  });
});
