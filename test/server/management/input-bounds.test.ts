import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidQuery, mgmtRaw } from '../../helpers/management.js';
import { buildTestServer, createUser, json, managementToken, type TestServer } from '../../helpers/server.js';

describe('Management API input bounds', () => {
  let server: TestServer;
  let token: string;
  let userId: string;
  const fixture = async () => {
    const built = await buildTestServer();
    return { server: built, token: await managementToken(built.app), userId: encodeURIComponent((await createUser(built.app)).user_id) };
  };
  const get = (url: string) => mgmtRaw(server.app, 'GET', url, token);

  // Refused queries change nothing, so one server serves every case of this table.
  describe('paging values', () => {
    beforeAll(async () => {
      ({ server, token, userId } = await fixture());
    });
    afterAll(() => server.close());

    const LISTS: [string, () => string][] = [
      ['users', () => '/api/v2/users'],
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
});
