import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionId, postImport, storedUsers, waitForJobEnd } from '../../helpers/imports.js';
import { mgmtError } from '../../helpers/management.js';
import { buildTestServer, json, managementToken, mgmt, type TestServer } from '../../helpers/server.js';
import { NESTED_TOO_DEEP, ROW_VIEW_MAX_DEPTH } from '../../../server/services/import-row-view.js';
import { IMPORT_USER_ID_MAX_LENGTH } from '../../../server/services/import-schema.js';

/** Rows no other row may sink: nested past any stack, holding U+0000, ids at the longest the import allows. Run on both engines. */

const GOOD_1 = { email: 'good1@example.com' };
const GOOD_2 = { email: 'good2@example.com' };

/** `depth` objects nested as `{"a":{"a":…leaf}}`, the outermost counting as 1. */
function nestedObject(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
}

/** `depth` arrays nested as `[[…leaf]]`. */
function nestedArray(depth: number, leaf: unknown[]): unknown {
  let value: unknown = leaf;
  for (let level = 1; level < depth; level += 1) value = [value];
  return value;
}

describe('Management API: users-imports, one bad row among good ones', () => {
  let server: TestServer;
  let token: string;
  let conId: string;
  beforeEach(async () => {
    server = await buildTestServer();
    token = await managementToken(server.app);
    conId = await connectionId(server);
  });
  afterEach(async () => server.close());

  /** Imports the file, waits for the job, and answers its summary, its /errors and the stored emails. */
  async function runImport(file: string | unknown[]): Promise<{ status: unknown; summary: unknown; errors: unknown; emails: string[] }> {
    const accepted = await postImport(server.app, file, { connection_id: conId }, token);
    expect(accepted.statusCode).toBe(202);
    const job = await waitForJobEnd(server.app, (json(accepted) as { id: string }).id, token);
    const errors = json(await mgmt(server.app, 'GET', `/api/v2/jobs/${String(job.id)}/errors`, undefined, token));
    return { status: job.status, summary: job.summary, errors, emails: (await storedUsers(server)).map((user) => user.email) };
  }

  it('reports a row of 20,000 nested arrays as one error, cut down, and imports the rows around it', async () => {
    const file = `[${JSON.stringify(GOOD_1)},${'['.repeat(20_000)}${']'.repeat(20_000)},${JSON.stringify(GOOD_2)}]`;
    expect(await runImport(file)).toEqual({
      status: 'completed',
      summary: { failed: 1, updated: 0, inserted: 2, total: 3 },
      errors: [
        {
          user: nestedArray(ROW_VIEW_MAX_DEPTH, [NESTED_TOO_DEEP]),
          errors: [{ code: 'INVALID_TYPE', message: 'Expected type object but found type array', path: '' }],
        },
      ],
      emails: ['good1@example.com', 'good2@example.com'],
    });
  });

  it('reports user_metadata nested 5,000 deep as one error, cut down, and imports the rows around it', async () => {
    const deep = `{"email":"deep@example.com","user_metadata":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    const file = `[${JSON.stringify(GOOD_1)},${deep},${JSON.stringify(GOOD_2)}]`;
    expect(await runImport(file)).toEqual({
      status: 'completed',
      summary: { failed: 1, updated: 0, inserted: 2, total: 3 },
      errors: [
        {
          // The row is level 1, user_metadata level 2: what lies below level ROW_VIEW_MAX_DEPTH is cut.
          user: { email: 'deep@example.com', user_metadata: nestedObject(ROW_VIEW_MAX_DEPTH - 1, NESTED_TOO_DEEP) },
          errors: [{ code: 'INVALID_FORMAT', message: 'user_metadata is nested more than 10 levels deep', path: 'user_metadata' }],
        },
      ],
      emails: ['good1@example.com', 'good2@example.com'],
    });
  });

  it('quotes a deeply nested value in an error message cut down too', async () => {
    const deep = `{"email":"hash@example.com","custom_password_hash":{"algorithm":${'['.repeat(20_000)}${']'.repeat(20_000)},"hash":{"value":"x"}}}`;
    const file = `[${JSON.stringify(GOOD_1)},${deep},${JSON.stringify(GOOD_2)}]`;
    expect(await runImport(file)).toEqual({
      status: 'completed',
      summary: { failed: 1, updated: 0, inserted: 2, total: 3 },
      errors: [
        {
          user: { email: 'hash@example.com', custom_password_hash: { algorithm: nestedArray(ROW_VIEW_MAX_DEPTH - 2, [NESTED_TOO_DEEP]) } },
          errors: [{ code: 'ENUM_MISMATCH', message: `No enum match for: [[["${NESTED_TOO_DEEP}"]]]`, path: 'custom_password_hash.algorithm' }],
        },
      ],
      emails: ['good1@example.com', 'good2@example.com'],
    });
  });

  it('refuses each row holding U+0000 (a value, a key, nested) with one error, and imports the others', async () => {
    const nulRows = [
      { email: 'nul1@example.com', user_id: 'a\u0000b' },
      { email: 'nul2@example.com', name: 'Ada\u0000' },
      { email: 'nul3@example.com', user_metadata: { list: ['x', { deep: 'v\u0000' }] } },
      { email: 'nul4@example.com', app_metadata: { 'k\u0000': 1 } },
    ];
    const nul = (path: string, what = 'String') => [{ code: 'INVALID_FORMAT', message: `${what} must not contain a NUL character (U+0000)`, path }];
    expect(await runImport([GOOD_1, ...nulRows, GOOD_2])).toEqual({
      status: 'completed',
      summary: { failed: 4, updated: 0, inserted: 2, total: 6 },
      errors: [
        { user: nulRows[0], errors: nul('user_id') },
        { user: nulRows[1], errors: nul('name') },
        { user: nulRows[2], errors: nul('user_metadata.list[1].deep') },
        { user: nulRows[3], errors: nul('app_metadata.k\u0000', 'Property name') },
      ],
      emails: ['good1@example.com', 'good2@example.com'],
    });
  });

  it('a user with the longest id the import allows can be read, updated and deleted by id; one more character is refused', async () => {
    // Every code point a surrogate pair: the longest path parameter such an id makes, once decoded.
    const astral = '\u{1F510}'.repeat(IMPORT_USER_ID_MAX_LENGTH);
    // Characters a path must percent-encode, one of them a slash.
    const reserved = `a/b?c#d%e f|g&h+é${'x'.repeat(IMPORT_USER_ID_MAX_LENGTH - 17)}`;
    expect([...astral].length).toBe(IMPORT_USER_ID_MAX_LENGTH);
    expect([...reserved].length).toBe(IMPORT_USER_ID_MAX_LENGTH);
    const tooLong = { email: 'long@example.com', user_id: `${reserved}x` };
    const result = await runImport([
      { email: 'astral@example.com', user_id: astral },
      { email: 'reserved@example.com', user_id: reserved },
      tooLong,
    ]);
    expect(result).toEqual({
      status: 'completed',
      summary: { failed: 1, updated: 0, inserted: 2, total: 3 },
      errors: [{ user: tooLong, errors: [{ code: 'MAX_LENGTH', message: `String is too long (${IMPORT_USER_ID_MAX_LENGTH + 1} chars), maximum ${IMPORT_USER_ID_MAX_LENGTH}`, path: 'user_id' }] }],
      emails: ['astral@example.com', 'reserved@example.com'],
    });

    for (const [id, email] of [[astral, 'astral@example.com'], [reserved, 'reserved@example.com']] as const) {
      const userId = `auth0|${id}`;
      const url = `/api/v2/users/${encodeURIComponent(userId)}`;
      const read = await mgmt(server.app, 'GET', url, undefined, token);
      expect({ status: read.statusCode, user_id: (json(read) as { user_id: unknown }).user_id, email: (json(read) as { email: unknown }).email }).toEqual({ status: 200, user_id: userId, email });
      const updated = await mgmt(server.app, 'PATCH', url, { name: 'Renamed' }, token);
      expect({ status: updated.statusCode, user_id: (json(updated) as { user_id: unknown }).user_id, name: (json(updated) as { name: unknown }).name }).toEqual({ status: 200, user_id: userId, name: 'Renamed' });
      const deleted = await mgmt(server.app, 'DELETE', url, undefined, token);
      expect({ status: deleted.statusCode, body: deleted.body }).toEqual({ status: 204, body: '' });
      expect(json(await mgmt(server.app, 'GET', url, undefined, token))).toEqual(mgmtError(404, 'inexistent_user', 'The user does not exist.'));
    }
    expect(await storedUsers(server)).toEqual([]);
  });
});
