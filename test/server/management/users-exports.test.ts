import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionId, postImport, waitForJobEnd } from '../../helpers/imports.js';
import { BCRYPT_2Y } from '../../helpers/legacy-hash-vectors.js';
import { queryRows } from '../../helpers/db.js';
import { insufficientScope, invalidBody, mgmtError, mgmtRaw, scopesExcept } from '../../helpers/management.js';
import { buildTestServer, ISSUER, json, managementToken, mgmt, type TestServer } from '../../helpers/server.js';

const JOB_ID = expect.stringMatching(/^job_[A-Za-z0-9]{16}$/);
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('Management API: users-exports jobs', () => {
  let server: TestServer;
  let token: string;
  let conId: string;
  beforeEach(async () => {
    server = await buildTestServer();
    token = await managementToken(server.app);
    conId = await connectionId(server);
    const users = [
      { email: 'ada@example.com', user_id: 'ada', name: 'Ada, "the first"', user_metadata: { country: 'UK' }, password_hash: BCRYPT_2Y, mfa_factors: [{ totp: { secret: SECRET } }] },
      { email: 'bo@example.com', user_id: 'bo', password_hash: BCRYPT_2Y },
    ];
    const job = json(await postImport(server.app, users, { connection_id: conId }, token)) as { id: string };
    await waitForJobEnd(server.app, job.id, token);
  });
  afterEach(async () => server.close());

  async function download(location: string): Promise<{ status: number; text: string; type: string | undefined }> {
    const url = new URL(location);
    const response = await server.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    return { status: response.statusCode, text: response.statusCode === 200 ? gunzipSync(response.rawPayload).toString() : response.body, type: response.headers['content-type'] as string | undefined };
  }

  it('exports the requested fields as gzipped NDJSON behind a signed link, never a hash or a seed', async () => {
    const fields = [{ name: 'user_id' }, { name: 'email' }, { name: 'user_metadata.country', export_as: 'country' }, { name: 'identities[0].connection', export_as: 'provider' }, { name: 'multifactor' }];
    const created = await mgmt(server.app, 'POST', '/api/v2/jobs/users-exports', { connection_id: conId, format: 'json', fields }, token);
    const base = { type: 'users_export', connection_id: conId, connection: 'Username-Password-Authentication', format: 'json', fields, created_at: new Date(server.clock.now()).toISOString() };
    expect({ status: created.statusCode, body: json(created) }).toEqual({ status: 201, body: { ...base, status: 'pending', id: JOB_ID } });
    const { id } = json(created) as { id: string };
    const done = await waitForJobEnd(server.app, id, token);
    const expires = Math.floor(server.clock.now() / 1000) + 600;
    expect(done).toEqual({ ...base, status: 'completed', id, location: expect.stringMatching(new RegExp(`^${ISSUER}api/v2/exports/${id}\\.json\\.gz\\?expires=${expires}&signature=[\\w-]+$`)) });

    const file = await download(String(done.location));
    expect(file.type).toBe('application/gzip');
    expect(file.text).toBe(
      '{"user_id":"auth0|ada","email":"ada@example.com","country":"UK","provider":"Username-Password-Authentication","multifactor":["guardian"]}\n' +
        '{"user_id":"auth0|bo","email":"bo@example.com","provider":"Username-Password-Authentication"}\n',
    );
    // Whatever is asked for, the file is made from the user view: no hash, no seed.
    const greedy = await mgmt(server.app, 'POST', '/api/v2/jobs/users-exports', { format: 'json', fields: [{ name: 'password_hash' }, { name: 'email' }, { name: 'mfa_factors' }] }, token);
    const greedyDone = await waitForJobEnd(server.app, (json(greedy) as { id: string }).id, token);
    expect((await download(String(greedyDone.location))).text).toBe('{"email":"ada@example.com"}\n{"email":"bo@example.com"}\n');
  });

  it('exports CSV with a header row, quoting as RFC 4180 says, up to the limit', async () => {
    const created = await mgmt(server.app, 'POST', '/api/v2/jobs/users-exports', { format: 'csv', limit: 1, fields: [{ name: 'email' }, { name: 'name', export_as: 'Full name' }] }, token);
    const done = await waitForJobEnd(server.app, (json(created) as { id: string }).id, token);
    expect(done.limit).toBe(1);
    expect((await download(String(done.location))).text).toBe('email,Full name\nada@example.com,"Ada, ""the first"""\n');
  });

  it('refuses a tampered, expired or foreign link, or one whose format was changed', async () => {
    const created = await mgmt(server.app, 'POST', '/api/v2/jobs/users-exports', {}, token);
    const done = await waitForJobEnd(server.app, (json(created) as { id: string }).id, token);
    const location = String(done.location);
    const refused = { status: 401, text: JSON.stringify(mgmtError(401, 'invalid_token', 'The download link is invalid or has expired.')), type: 'application/json; charset=utf-8' };
    // Its first character changed for another (replacing it with a fixed one failed 1 run in 64: the
    // signature sometimes began with that character).
    const tampered = location.replace(/signature=(.)/, (_m, first: string) => `signature=${first === 'A' ? 'B' : 'A'}`);
    expect(tampered).not.toBe(location);
    expect(await download(tampered)).toEqual(refused);
    expect(await download(location.replace(/expires=(\d+)/, (_m, s: string) => `expires=${Number(s) + 1}`))).toEqual(refused);
    // The format is signed too: the same link names the JSON file, never a CSV download of it.
    expect(location).toContain('.json.gz?');
    expect(await download(location.replace('.json.gz?', '.csv.gz?'))).toEqual(refused);
    server.clock.advance(601_000);
    expect(await download(location)).toEqual(refused);
  });

  it('shows an export job (and its download link) only to create:users or read:users, not to the reset jobs\' scope', async () => {
    const created = await mgmt(server.app, 'POST', '/api/v2/jobs/users-exports', {}, token);
    const { id } = json(created) as { id: string };
    await waitForJobEnd(server.app, id, token);
    const helpDesk = await managementToken(server.app, 'delete:guardian_enrollments');
    const refused = await mgmt(server.app, 'GET', `/api/v2/jobs/${id}`, undefined, helpDesk);
    expect({ status: refused.statusCode, body: json(refused) }).toEqual({ status: 403, body: insufficientScope('create:users,read:users') });
    for (const scope of ['create:users', 'read:users']) {
      const shown = await mgmt(server.app, 'GET', `/api/v2/jobs/${id}`, undefined, await managementToken(server.app, scope));
      expect(shown.statusCode).toBe(200);
      expect(json(shown)).toMatchObject({ id, type: 'users_export', status: 'completed', location: expect.any(String) });
    }
  });

  it('refuses bad bodies, unknown connections and tokens without read:users', async () => {
    const post = async (body: unknown, bearer = token) => {
      const response = await mgmt(server.app, 'POST', '/api/v2/jobs/users-exports', body, bearer);
      return { status: response.statusCode, body: json(response) };
    };
    expect(await post({ format: 'xml' })).toEqual({ status: 400, body: invalidBody("'must be equal to constant' on property format") });
    expect(await post({ connection_id: 'con_0000000000000000' })).toEqual({ status: 400, body: mgmtError(400, 'inexistent_connection', 'The connection does not exist.') });
    expect(await post({ fields: [{ name: 'email', other: 1 }] })).toEqual({ status: 400, body: invalidBody("'Additional properties not allowed: other'") });
    expect(await post({}, await managementToken(server.app, scopesExcept('read:users')))).toEqual({ status: 403, body: insufficientScope('read:users') });
  });

  // Written as JSON text: JSON.stringify would turn 1e400 (Infinity) into null before it is sent.
  it.each([
    ['1e400', "'must be <= 9007199254740991' on property limit"],
    ['1e308', "'must be <= 9007199254740991' on property limit"],
    ['18446744073709551616', "'must be <= 9007199254740991' on property limit"],
    ['9007199254740992', "'must be <= 9007199254740991' on property limit"],
    ['1.5', "'Expected type integer but found type number' on property limit"],
    ['-1', "'must be >= 1' on property limit"],
    ['0', "'must be >= 1' on property limit"],
  ])('refuses limit %s with 400 before a job or its audit entry is written', async (limit, detail) => {
    const written = async () => ({
      jobs: await queryRows(server, 'SELECT id FROM jobs ORDER BY id'),
      audit: await queryRows(server, "SELECT log_id FROM logs WHERE description = 'Export users job created'"),
    });
    const before = await written();
    const response = await mgmtRaw(server.app, 'POST', '/api/v2/jobs/users-exports', token, `{"format":"json","limit":${limit}}`, 'application/json');
    expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 400, body: invalidBody(detail) });
    expect(await written()).toEqual(before);
  });

  it('takes the largest exact limit and echoes it exactly, in the job and in GET /jobs/{id}', async () => {
    const response = await mgmtRaw(server.app, 'POST', '/api/v2/jobs/users-exports', token, '{"format":"json","limit":9007199254740991}', 'application/json');
    expect(response.statusCode).toBe(201);
    // The wire text itself: a parsed number could hide an imprecise echo.
    expect(response.body).toMatch(/"limit":9007199254740991[,}]/);
    const { id } = json(response) as { id: string };
    expect((await waitForJobEnd(server.app, id, token)).status).toBe('completed');
    const job = await mgmt(server.app, 'GET', `/api/v2/jobs/${id}`, undefined, token);
    expect({ status: job.statusCode, body: job.body }).toEqual({ status: 200, body: expect.stringMatching(/"limit":9007199254740991[,}]/) });
  });
});
