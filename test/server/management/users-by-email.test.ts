import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminApi, expectStatus, insufficientScope, invalidQuery, scopesExcept, seedUser, type AdminCall } from '../../helpers/mfa-admin.js';
import { buildTestServer, json, managementToken, mgmt, type TestServer } from '../../helpers/server.js';

describe('Management API: GET /api/v2/users-by-email', () => {
  let server: TestServer;
  let admin: AdminCall;
  let ada: Record<string, unknown>;
  let bob: Record<string, unknown>;
  beforeEach(async () => {
    server = await buildTestServer();
    admin = await adminApi(server.app);
    const seededAda = await seedUser(admin, 'ada@example.com', { name: 'Ada Lovelace' });
    const seededBob = await seedUser(admin, 'Bob@Example.com', { name: 'Bob' });
    ada = expectStatus(await admin('GET', `/api/v2/users/${encodeURIComponent(seededAda.user_id)}`), 200) as Record<string, unknown>;
    bob = expectStatus(await admin('GET', `/api/v2/users/${encodeURIComponent(seededBob.user_id)}`), 200) as Record<string, unknown>;
  });
  afterEach(() => server.close());

  const byEmail = async (query: string) => {
    const response = await admin('GET', `/api/v2/users-by-email?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return json(response);
  };

  it('answers an array holding the user whose email matches exactly, in any case, as GET /users/{id} shows it', async () => {
    expect(await byEmail('email=ada%40example.com')).toEqual([ada]);
    expect(await byEmail('email=ADA%40EXAMPLE.COM')).toEqual([ada]);
    expect(await byEmail('email=bob%40example.com')).toEqual([bob]);
  });

  it('answers an empty array when nobody has that email, a prefix included', async () => {
    expect(await byEmail('email=nobody%40example.com')).toEqual([]);
    expect(await byEmail('email=ada')).toEqual([]);
    expect(await byEmail('email=ada%25')).toEqual([]);
  });

  it('keeps only the fields named, or drops them with include_fields=false', async () => {
    expect(await byEmail('email=ada%40example.com&fields=user_id,email')).toEqual([{ user_id: ada.user_id, email: 'ada@example.com' }]);
    expect(await byEmail('email=ada%40example.com&fields=user_id&include_fields=true')).toEqual([{ user_id: ada.user_id }]);
    const { identities: _identities, user_metadata: _metadata, ...rest } = ada;
    expect(await byEmail('email=ada%40example.com&fields=identities,user_metadata&include_fields=false')).toEqual([rest]);
    expect(await byEmail('email=ada%40example.com&fields=')).toEqual([ada]);
  });

  it.each([
    ['', "'Missing required property: email'"],
    ['email=', "'must NOT have fewer than 1 characters' on property email"],
    [`email=${'a'.repeat(321)}`, "'must NOT have more than 320 characters' on property email"],
    ['email=ada%40example.com&include_fields=maybe', "'Expected type boolean but found type string' on property include_fields"],
    ['email=ada%40example.com&q=x', "'Additional properties not allowed: q'"],
  ])('refuses ?%s with 400 invalid_query_string', async (query, detail) => {
    const response = await admin('GET', `/api/v2/users-by-email?${query}`);
    expect(response.statusCode).toBe(400);
    expect(json(response)).toEqual(invalidQuery(detail));
  });

  it('needs read:users', async () => {
    const token = await managementToken(server.app, scopesExcept('read:users'));
    const response = await mgmt(server.app, 'GET', '/api/v2/users-by-email?email=ada%40example.com', undefined, token);
    expect(response.statusCode).toBe(403);
    expect(json(response)).toEqual(insufficientScope('read:users'));
  });
});
