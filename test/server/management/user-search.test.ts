import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminApi, expectStatus, invalidQuery, seedUser, type AdminCall, type SeededUser } from '../../helpers/mfa-admin.js';
import { buildTestServer, json, type TestServer } from '../../helpers/server.js';

const SORT_PATTERN = '^(created_at|updated_at|last_login|email|name|logins_count):(1|-1)$';

type Name = 'ada' | 'grace' | 'adam' | 'bob';

describe('Management API: user search (GET /api/v2/users?q=…&sort=…)', () => {
  let server: TestServer;
  let admin: AdminCall;
  let users: Record<Name, SeededUser>;
  /** Each user as GET /api/v2/users/{id} answers it: the search must answer the same objects. */
  let views: Record<Name, unknown>;
  beforeEach(async () => {
    server = await buildTestServer();
    admin = await adminApi(server.app);
    const seed = async (email: string, extra: Record<string, unknown> = {}) => {
      const user = await seedUser(admin, email, extra);
      server.clock.advance(1000);
      return user;
    };
    // Created a second apart, in this order.
    users = {
      ada: await seed('ada@example.com', { name: 'Ada Lovelace' }),
      grace: await seed('grace@example.com', { name: 'Grace Hopper', nickname: 'amazing-grace' }),
      adam: await seed('adam@example.com'),
      bob: await seed('Bob@Example.com', { name: 'Bob' }),
    };
    views = {} as Record<Name, unknown>;
    for (const name of Object.keys(users) as Name[]) {
      views[name] = expectStatus(await admin('GET', `/api/v2/users/${encodeURIComponent(users[name].user_id)}`), 200);
    }
  });
  afterEach(() => server.close());

  const search = async (params: Record<string, string>) => {
    const response = await admin('GET', `/api/v2/users?${new URLSearchParams(params).toString()}`);
    expect(response.statusCode, response.body).toBe(200);
    return json(response);
  };
  const expectUsers = async (params: Record<string, string>, names: Name[]) => expect(await search(params)).toEqual(names.map((name) => views[name]));

  it.each<[string, string, Name[]]>([
    ['an exact email, in another case', 'email:"ADA@EXAMPLE.COM"', ['ada']],
    ['an exact email stored in mixed case', 'email:"bob@example.com"', ['bob']],
    ['an exact email, unquoted', 'email:grace@example.com', ['grace']],
    ['an email prefix', 'email:ada*', ['ada', 'adam']],
    ['an email prefix in another case', 'email:ADA*', ['ada', 'adam']],
    ['a quoted email prefix', 'email:"ada"*', ['ada', 'adam']],
    ['an exact name', 'name:"Grace Hopper"', ['grace']],
    ['a name prefix', 'name:Gr*', ['grace']],
    ['a name that is only a prefix of one (exact match, so nobody)', 'name:Ada', []],
    ['a nickname', 'nickname:amazing-grace', ['grace']],
    ['two terms joined by AND', 'email:ada* AND name:"Ada Lovelace"', ['ada']],
    ['two terms joined by whitespace', 'email:ada* name:"Ada Lovelace"', ['ada']],
    ['terms no user satisfies together', 'email:grace* AND name:"Ada Lovelace"', []],
    ['LIKE wildcards in the value, taken literally', 'email:a_a*', []],
    ['a percent sign, taken literally', 'email:%*', []],
    ['a quote in the value, bound and not spliced', `email:"x' OR '1'='1"`, []],
  ])('finds users by %s (q=%s)', async (_label, q, names) => {
    await expectUsers({ q }, names);
  });

  it('finds a user by user_id, and every user by the auth0| prefix', async () => {
    await expectUsers({ q: `user_id:"${users.grace.user_id}"` }, ['grace']);
    await expectUsers({ q: 'user_id:auth0|*' }, ['ada', 'grace', 'adam', 'bob']);
  });

  it.each<[string, Name[]]>([
    ['email:1', ['ada', 'adam', 'bob', 'grace']],
    ['email:-1', ['grace', 'bob', 'adam', 'ada']],
    ['created_at:1', ['ada', 'grace', 'adam', 'bob']],
    ['created_at:-1', ['bob', 'adam', 'grace', 'ada']],
  ])('sorts by %s (emails compare without case)', async (sort, names) => {
    await expectUsers({ sort }, names);
  });

  it('sorts a search', async () => {
    await expectUsers({ q: 'email:ada*', sort: 'created_at:-1' }, ['adam', 'ada']);
  });

  it('pages with totals, over everyone and over a search', async () => {
    expect(await search({ sort: 'created_at:1', per_page: '2', page: '1', include_totals: 'true' })).toEqual({
      start: 2,
      limit: 2,
      length: 2,
      total: 4,
      users: [views.adam, views.bob],
    });
    expect(await search({ q: 'email:ada*', per_page: '1', page: '1', include_totals: 'true', search_engine: 'v3' })).toEqual({
      start: 1,
      limit: 1,
      length: 1,
      total: 2,
      users: [views.adam],
    });
    expect(await search({ q: 'email:ada*', page: '3', per_page: '1', include_totals: 'true' })).toEqual({ start: 3, limit: 1, length: 0, total: 2, users: [] });
  });

  it.each([
    ['sort=email:2', `'must match pattern "${SORT_PATTERN}"' on property sort`],
    ['sort=email', `'must match pattern "${SORT_PATTERN}"' on property sort`],
    ['sort=password_hash:1', `'must match pattern "${SORT_PATTERN}"' on property sort`],
    [`sort=${encodeURIComponent('email:1,name:1')}`, `'must match pattern "${SORT_PATTERN}"' on property sort`],
    [`sort=${encodeURIComponent('email:1; DROP TABLE users')}`, `'must match pattern "${SORT_PATTERN}"' on property sort`],
    ['q=password_hash:x*', 'Unsupported query field: password_hash'],
    [`q=${encodeURIComponent('email:a* OR email:b*')}`, 'Unsupported query term: OR'],
    [`q=${encodeURIComponent('-email:ada*')}`, 'Unsupported query term: -email:ada*'],
    ['search_engine=v1', "'must be equal to constant' on property search_engine"],
  ])('refuses ?%s: 400 invalid_query_string', async (query, detail) => {
    const response = await admin('GET', `/api/v2/users?${query}`);
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(invalidQuery(detail));
  });
});
