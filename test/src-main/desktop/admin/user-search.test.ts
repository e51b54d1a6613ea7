import { describe, expect, it } from 'vitest';
import { normalizeBaseUrl } from '../../../../src-main/desktop/admin/server-discovery';
import { searchTerm, userQuery } from '../../../../src-main/desktop/admin/user-search';

describe('the search box as Auth0 q', () => {
  it.each([
    ['', null],
    ['   ', null],
    ['ada@example.com', 'email:ada@example.com*'],
    ['@example.com', 'email:@example.com*'],
    ['auth0|65f0c0ffee', 'user_id:"auth0|65f0c0ffee"'],
    ['Ada', 'name:Ada*'],
    ['Ada Lovelace', 'name:"Ada Lovelace"*'],
    ['say "hi"', 'name:"say \\"hi\\""*'],
    ['email:ada*', 'email:ada*'],
    ['name:"Ada L" AND email:ada*', 'name:"Ada L" AND email:ada*'],
    ['*', '*'],
  ])('%j → %j', (search, q) => {
    expect(searchTerm(search)).toBe(q);
  });

  it.each([
    ['', 'all', undefined],
    ['', 'enrolled', '_exists_:multifactor'],
    ['ada@', 'not_enrolled', 'email:ada@* AND NOT _exists_:multifactor'],
    ['', 'push_locked', 'multifactor_push_locked:true'],
  ] as const)('%j with filter %s → %j', (search, filter, q) => {
    expect(userQuery(search, filter)).toBe(q);
  });
});

describe('the server URL', () => {
  it.each([
    ['https://tenant.eu.auth0.com', 'https://tenant.eu.auth0.com/'],
    [' https://Tenant.EU.auth0.com// ', 'https://tenant.eu.auth0.com/'],
    ['https://example.com/tessera', 'https://example.com/tessera/'],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000/'],
    ['http://localhost:3000/', 'http://localhost:3000/'],
    ['http://[::1]:3000', 'http://[::1]:3000/'],
  ])('%j → %j', (input, url) => {
    expect(normalizeBaseUrl(input)).toBe(url);
  });
});
