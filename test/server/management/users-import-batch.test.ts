import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionId, postImport, storedAuthenticators, storedUsers, waitForJobEnd } from '../../helpers/imports.js';
import { BCRYPT_2Y } from '../../helpers/legacy-hash-vectors.js';
import { buildTestServer, json, managementToken, mgmt, type TestServer } from '../../helpers/server.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const row = (id: string, email: string, extra: Record<string, unknown> = {}) => ({ email, user_id: id, password_hash: BCRYPT_2Y, ...extra });
const duplicated = (message: string, path: string) => [{ code: 'DUPLICATED_USER', message, path }];

/**
 * Rows of one file that name each other: the import looks a whole batch up at once and inserts its new
 * users together (server/services/import-batch.ts), and must still end exactly as importing the rows one
 * at a time, in order, would.
 */
describe('users-imports: rows of one batch that name each other', () => {
  let server: TestServer;
  let token: string;
  beforeEach(async () => {
    server = await buildTestServer();
    token = await managementToken(server.app);
  });
  afterEach(async () => server.close());

  async function importFile(users: unknown[], upsert: boolean): Promise<{ summary: unknown; errors: unknown }> {
    const response = await postImport(server.app, users, { connection_id: await connectionId(server), upsert: String(upsert) }, token);
    const { id } = json(response) as { id: string };
    const { summary } = await waitForJobEnd(server.app, id, token);
    const errors = json(await mgmt(server.app, 'GET', `/api/v2/jobs/${id}/errors`, undefined, token)) as { errors?: unknown }[] | Record<string, unknown>;
    return { summary, errors: Array.isArray(errors) ? errors.map((entry) => entry.errors) : [] };
  }

  it('upsert: false refuses a second row for a user an earlier row of the same file created, by id or by email in any case', async () => {
    const result = await importFile([
      row('u1', 'one@example.com'),
      row('u1', 'one@example.com'),
      row('u9', 'ONE@Example.com'),
      row('u3', 'three@example.com'),
    ], false);
    expect(result).toEqual({
      summary: { failed: 2, updated: 0, inserted: 2, total: 4 },
      errors: Array(2).fill(duplicated('The user already exist and upsert parameter is false', '')),
    });
    expect((await storedUsers(server)).map(({ user_id, email }) => ({ user_id, email }))).toEqual([
      { user_id: 'auth0|u1', email: 'one@example.com' },
      { user_id: 'auth0|u3', email: 'three@example.com' },
    ]);
  });

  it('upsert: false refuses a second row with an earlier row\'s user_id and another email', async () => {
    const result = await importFile([row('u3', 'three@example.com'), row('u3', 'other@example.com')], false);
    expect(result).toEqual({ summary: { failed: 1, updated: 0, inserted: 1, total: 2 }, errors: [duplicated('The user already exist and upsert parameter is false', '')] });
    expect((await storedUsers(server)).map(({ user_id, email }) => ({ user_id, email }))).toEqual([{ user_id: 'auth0|u3', email: 'three@example.com' }]);
  });

  it('upsert: true updates a user an earlier row created, follows an email an earlier row moved, and adds one TOTP', async () => {
    const result = await importFile([
      row('u1', 'one@example.com', { name: 'A', mfa_factors: [{ totp: { secret: SECRET } }] }),
      row('u1', 'one@example.com', { name: 'B', mfa_factors: [{ totp: { secret: SECRET } }] }),
      row('u7', 'ONE@example.com'),
      row('u2', 'two@example.com'),
      // u2 moves to five@: two@ is free again for the next row.
      row('u2', 'five@example.com'),
      row('u8', 'two@example.com', { name: 'Eight' }),
    ], true);
    expect(result).toEqual({
      summary: { failed: 1, updated: 2, inserted: 3, total: 6 },
      errors: [duplicated('The user exists with another user_id', 'user_id')],
    });
    expect((await storedUsers(server)).map(({ user_id, email, name }) => ({ user_id, email, name }))).toEqual([
      { user_id: 'auth0|u2', email: 'five@example.com', name: null },
      { user_id: 'auth0|u1', email: 'one@example.com', name: 'B' },
      { user_id: 'auth0|u8', email: 'two@example.com', name: 'Eight' },
    ]);
    expect((await storedAuthenticators(server)).map(({ user_id, kind }) => ({ user_id, kind }))).toEqual([{ user_id: 'auth0|u1', kind: 'totp' }]);
  });
});
