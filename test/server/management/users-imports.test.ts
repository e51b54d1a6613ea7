import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionId, formBody, postImport, storedAuthenticators, storedUsers, waitForJobEnd } from '../../helpers/imports.js';
import { BCRYPT_2Y } from '../../helpers/legacy-hash-vectors.js';
import { insufficientScope, invalidBody, mgmtError, scopesExcept } from '../../helpers/management.js';
import { buildTestServer, json, managementToken, mgmt, type TestServer } from '../../helpers/server.js';

const JOB_ID = expect.stringMatching(/^job_[A-Za-z0-9]{16}$/);
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const CONNECTION = 'Username-Password-Authentication';

const goodRow = (n: number, extra: Record<string, unknown> = {}) => ({ email: `user${n}@example.com`, email_verified: true, user_id: `u${n}`, password_hash: BCRYPT_2Y, ...extra });

describe('Management API: users-imports jobs', () => {
  let server: TestServer;
  let token: string;
  let conId: string;
  beforeEach(async () => {
    server = await buildTestServer();
    token = await managementToken(server.app);
    conId = await connectionId(server);
  });
  afterEach(async () => server.close());

  const created = () => new Date(server.clock.now()).toISOString();
  const jobBody = (id: unknown, status: string, summary: Record<string, number>, extra: Record<string, unknown> = {}) => ({
    type: 'users_import', status, connection_id: conId, connection: CONNECTION, upsert: false, send_completion_email: true,
    created_at: created(), id, summary, ...extra,
  });

  it('imports the good rows, reports each bad row with its errors, and writes nothing of a bad row', async () => {
    const users = [
      goodRow(1, { name: 'Ada', user_metadata: { lang: 'en' }, app_metadata: { plan: 'pro' }, mfa_factors: [{ totp: { secret: SECRET } }] }),
      { email: 'not-an-email', email_verified: 'yes', extra: 1 },
      goodRow(3, { mfa_factors: [{ totp: { secret: SECRET } }, { phone: { value: '+15555550100' } }] }),
      { ...goodRow(4), password_hash: undefined, custom_password_hash: { algorithm: 'md5', hash: { value: 'x' } } },
      goodRow(5, { mfa_factors: [{ totp: { secret: 'not base32!' } }] }),
      goodRow(6),
    ];
    const response = await postImport(server.app, users, { connection_id: conId }, token);
    expect(response.statusCode).toBe(202);
    const accepted = json(response) as { id: string };
    expect(accepted).toEqual(jobBody(JOB_ID, 'pending', { failed: 0, updated: 0, inserted: 0, total: 6 }));
    expect(await waitForJobEnd(server.app, accepted.id, token)).toEqual(jobBody(accepted.id, 'completed', { failed: 4, updated: 0, inserted: 2, total: 6 }));

    const errors = await mgmt(server.app, 'GET', `/api/v2/jobs/${accepted.id}/errors`, undefined, token);
    expect(errors.statusCode).toBe(200);
    expect(json(errors)).toEqual([
      {
        user: { email: 'not-an-email', email_verified: 'yes', extra: 1 },
        errors: [
          { code: 'OBJECT_ADDITIONAL_PROPERTIES', message: 'Additional properties not allowed: extra', path: '' },
          { code: 'INVALID_FORMAT', message: "Object didn't pass validation for format email: not-an-email", path: 'email' },
          { code: 'INVALID_TYPE', message: 'Expected type boolean but found type string', path: 'email_verified' },
        ],
      },
      {
        // Hashes and seeds are never sent back.
        user: { email: 'user3@example.com', email_verified: true, user_id: 'u3', mfa_factors: [{ totp: {} }, { phone: { value: '+15555550100' } }] },
        errors: [{ code: 'UNSUPPORTED_MFA_FACTOR', message: 'phone MFA factors are not supported by this server; remove it to import the user without it', path: 'mfa_factors[1].phone' }],
      },
      {
        user: { email: 'user4@example.com', email_verified: true, user_id: 'u4', custom_password_hash: { algorithm: 'md5' } },
        errors: [
          {
            code: 'UNSUPPORTED_ALGORITHM',
            message: 'custom_password_hash algorithm md5 is not supported by this server (supported: argon2, bcrypt, pbkdf2, scrypt)',
            path: 'custom_password_hash.algorithm',
          },
        ],
      },
      {
        user: { email: 'user5@example.com', email_verified: true, user_id: 'u5', mfa_factors: [{ totp: {} }] },
        errors: [{ code: 'INVALID_FORMAT', message: 'totp.secret must be base32 of 10 to 64 bytes', path: 'mfa_factors[0].totp.secret' }],
      },
    ]);

    expect(await storedUsers(server)).toEqual([
      { user_id: 'auth0|u1', email: 'user1@example.com', email_verified: 1, password_hash: BCRYPT_2Y, name: 'Ada', app_metadata: '{"plan":"pro"}', user_metadata: '{"lang":"en"}' },
      { user_id: 'auth0|u6', email: 'user6@example.com', email_verified: 1, password_hash: BCRYPT_2Y, name: null, app_metadata: '{}', user_metadata: '{}' },
    ]);
    const factors = await storedAuthenticators(server);
    expect(factors.map(({ user_id, kind, active }) => ({ user_id, kind, active }))).toEqual([{ user_id: 'auth0|u1', kind: 'totp', active: 1 }]);
    // The seed is sealed at rest like any enrollment's.
    expect(factors[0]?.secret_enc).toMatch(/^v1\./);
    expect(factors[0]?.secret_enc).not.toContain(SECRET);
  });

  it('answers a job with no refused rows with the job itself on /errors', async () => {
    const response = await postImport(server.app, [goodRow(1)], { connection_id: conId, upsert: 'true', external_id: 'batch-7', send_completion_email: 'false' }, token);
    const { id } = json(response) as { id: string };
    const done = jobBody(id, 'completed', { failed: 0, updated: 0, inserted: 1, total: 1 }, { upsert: true, external_id: 'batch-7', send_completion_email: false });
    expect(await waitForJobEnd(server.app, id, token)).toEqual(done);
    expect(json(await mgmt(server.app, 'GET', `/api/v2/jobs/${id}/errors`, undefined, token))).toEqual(done);
  });

  it('upsert: false refuses existing users, true updates them and keeps an enrollment made here', async () => {
    const first = json(await postImport(server.app, [goodRow(1, { name: 'Old' })], { connection_id: conId }, token)) as { id: string };
    await waitForJobEnd(server.app, first.id, token);

    const again = json(await postImport(server.app, [goodRow(1, { name: 'New' })], { connection_id: conId }, token)) as { id: string };
    expect((await waitForJobEnd(server.app, again.id, token)).summary).toEqual({ failed: 1, updated: 0, inserted: 0, total: 1 });
    expect(json(await mgmt(server.app, 'GET', `/api/v2/jobs/${again.id}/errors`, undefined, token))).toEqual([
      { user: { email: 'user1@example.com', email_verified: true, user_id: 'u1', name: 'New' }, errors: [{ code: 'DUPLICATED_USER', message: 'The user already exist and upsert parameter is false', path: '' }] },
    ]);

    const upsert = json(await postImport(server.app, [goodRow(1, { name: 'New', email_verified: false, mfa_factors: [{ totp: { secret: SECRET } }] })], { connection_id: conId, upsert: 'true' }, token)) as { id: string };
    expect((await waitForJobEnd(server.app, upsert.id, token)).summary).toEqual({ failed: 0, updated: 1, inserted: 0, total: 1 });
    expect((await storedUsers(server)).map(({ user_id, name, email_verified }) => ({ user_id, name, email_verified }))).toEqual([{ user_id: 'auth0|u1', name: 'New', email_verified: 0 }]);

    // A second upsert with a factor does not add another TOTP to a user who has one.
    const twice = json(await postImport(server.app, [goodRow(1, { mfa_factors: [{ totp: { secret: SECRET } }] })], { connection_id: conId, upsert: 'true' }, token)) as { id: string };
    await waitForJobEnd(server.app, twice.id, token);
    expect(await storedAuthenticators(server)).toHaveLength(1);
  });

  it('50 parallel imports of the same rows create each user once', async () => {
    const users = [1, 2, 3, 4, 5].map((n) => goodRow(n));
    const responses = await Promise.all(Array.from({ length: 50 }, () => postImport(server.app, users, { connection_id: conId }, token)));
    expect(responses.map((response) => response.statusCode)).toEqual(Array(50).fill(202));
    // One job watched at a time: fifty pollers at once would take the CPU and connections the jobs run on.
    const jobs: Record<string, unknown>[] = [];
    for (const response of responses) jobs.push(await waitForJobEnd(server.app, (json(response) as { id: string }).id, token));
    const sum = (key: string) => jobs.reduce((total, job) => total + (job.summary as Record<string, number>)[key]!, 0);
    expect({ inserted: sum('inserted'), failed: sum('failed'), updated: sum('updated') }).toEqual({ inserted: 5, failed: 245, updated: 0 });
    expect((await storedUsers(server)).map((user) => user.user_id)).toEqual(['auth0|u1', 'auth0|u2', 'auth0|u3', 'auth0|u4', 'auth0|u5']);
  });

  describe('refused requests', () => {
    const cases: [string, () => Promise<{ payload: Buffer; contentType: string }>, number, unknown][] = [
      ['a file that is not JSON', () => formBody({ connection_id: 'CON' }, { content: '{"email": ' }), 400, invalidBody("'Users file must be valid JSON' on property users")],
      ['a JSON file that is not an array', () => formBody({ connection_id: 'CON' }, { content: '{"email":"a@b.c"}' }), 400, invalidBody("'Users file must be an array' on property users")],
      ['no users file', () => formBody({ connection_id: 'CON' }), 400, invalidBody("'Missing required property: users'")],
      ['no connection_id', () => formBody({}, { content: '[]' }), 400, invalidBody("'Missing required property: connection_id'")],
      ['a malformed connection_id', () => formBody({ connection_id: 'Username-Password-Authentication' }, { content: '[]' }), 400, invalidBody("'String does not match pattern ^con_[A-Za-z0-9]{16}$' on property connection_id")],
      ['an unknown connection', () => formBody({ connection_id: 'con_0000000000000000' }, { content: '[]' }), 400, mgmtError(400, 'inexistent_connection', 'The connection does not exist.')],
      ['upsert that is not a boolean', () => formBody({ connection_id: 'CON', upsert: 'yes' }, { content: '[]' }), 400, invalidBody("'Expected type boolean but found type string' on property upsert")],
      ['an unknown field', () => formBody({ connection_id: 'CON', priority: 'high' }, { content: '[]' }), 400, invalidBody("'Additional properties not allowed: priority'")],
      ['an external_id over 1024 bytes', () => formBody({ connection_id: 'CON', external_id: 'x'.repeat(1025) }, { content: '[]' }), 400, invalidBody("'String is too long (more than 1024 bytes)' on property external_id")],
      ['the file under another name', () => formBody({ connection_id: 'CON' }, { field: 'file', content: '[]' }), 400, invalidBody("'Additional properties not allowed: file'")],
    ];
    it.each(cases)('%s', async (_name, build, status, body) => {
      const form = await build();
      const payload = Buffer.from(form.payload.toString('latin1').replace(/\r\n\r\nCON\r\n/, `\r\n\r\n${conId}\r\n`), 'latin1');
      const response = await server.app.inject({ method: 'POST', url: '/api/v2/jobs/users-imports', headers: { authorization: `Bearer ${token}`, 'content-type': form.contentType }, payload });
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status, body });
      expect(await storedUsers(server)).toEqual([]);
    });

    it('a body that is not valid multipart', async () => {
      const payload = '--x\r\nContent-Disposition: form-data; name="users"; filename="u.json"\r\n\r\n[{"email":"a@example.com"}]';
      const response = await server.app.inject({ method: 'POST', url: '/api/v2/jobs/users-imports', headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=x' }, payload });
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 400, body: invalidBody("'The body is not valid multipart/form-data'") });
    });

    it('a JSON body instead of a multipart form', async () => {
      const response = await mgmt(server.app, 'POST', '/api/v2/jobs/users-imports', { connection_id: conId, users: [] }, token);
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 400, body: invalidBody("'Missing required property: users'") });
    });

    it('a token without create:users', async () => {
      const weak = await managementToken(server.app, scopesExcept('create:users'));
      const response = await postImport(server.app, [goodRow(1)], { connection_id: conId }, weak);
      expect({ status: response.statusCode, body: json(response) }).toEqual({ status: 403, body: insufficientScope('create:users') });
      expect(await storedUsers(server)).toEqual([]);
    });

    it('an unknown job', async () => {
      const notFound = mgmtError(404, 'inexistent_job', 'Job not found.');
      expect(json(await mgmt(server.app, 'GET', '/api/v2/jobs/job_0000000000000000/errors', undefined, token))).toEqual(notFound);
    });
  });
});

describe('Management API: users-imports file size', () => {
  it('a file over the limit gets Auth0\'s 413, and one at the limit is accepted', async () => {
    const server = await buildTestServer({ importFileLimit: 1000 });
    try {
      const token = await managementToken(server.app);
      const conId = await connectionId(server);
      const atLimit = JSON.stringify([{ email: 'a@example.com' }]).padEnd(1000, ' ');
      expect((await postImport(server.app, atLimit, { connection_id: conId }, token)).statusCode).toBe(202);
      const over = await postImport(server.app, `${atLimit} `, { connection_id: conId }, token);
      expect({ status: over.statusCode, body: json(over) }).toEqual({
        status: 413,
        body: mgmtError(413, 'payload_too_large', 'Payload content length greater than maximum allowed: 1000'),
      });
    } finally {
      await server.close();
    }
  });
});
