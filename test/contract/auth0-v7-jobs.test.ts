import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import type { ManagementClient } from 'auth0';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BCRYPT_2Y, OLD_PASSWORD } from '../helpers/legacy-hash-vectors.js';
import { startHttpsTessera, type HttpsTessera } from '../helpers/https-server.js';
import { oathtool } from '../helpers/server.js';
import { APP_GRANTS, CONNECTION, MFA_OTP, mgmtErrorBody, v7Error, v7Management } from './v7-support.js';

/**
 * A tenant moving from Auth0, through auth0@7's ManagementClient over real HTTPS: find the connection,
 * import an Auth0-format users file (bcrypt hashes, TOTP factors) as the SDK uploads it, follow the job,
 * read its errors, then export. The imported users sign in with their old password and their old app's code.
 */

const SECRET = 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ';
const JOB_ID = expect.stringMatching(/^job_[A-Za-z0-9]{16}$/);

describe('the official auth0 SDK (v7) ManagementClient: import and export jobs', () => {
  let server: HttpsTessera;
  let management: ManagementClient;
  let connectionId: string;

  beforeEach(async () => {
    server = await startHttpsTessera();
    management = v7Management(server);
    const page = await management.connections.list({ strategy: ['auth0'] });
    connectionId = page.data[0]?.id ?? '';
  });
  afterEach(() => server.close());

  async function finished(id: string): Promise<Record<string, unknown>> {
    for (let poll = 0; poll < 2000; poll += 1) {
      const job = (await management.jobs.get(id)) as unknown as Record<string, unknown>;
      if (job.status !== 'pending' && job.status !== 'processing') return job;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`job ${id} did not end`);
  }

  it('connections.list finds the database connection; jobs.usersImports.create imports a file stream; jobs.errors.get lists the refused rows', async () => {
    expect(connectionId).toMatch(/^con_[A-Za-z0-9]{16}$/);
    expect((await management.connections.get(connectionId)).name).toBe(CONNECTION);

    const users = [
      { email: 'ada@example.com', email_verified: true, user_id: 'ada', password_hash: BCRYPT_2Y, mfa_factors: [{ totp: { secret: SECRET } }] },
      { email: 'bad', user_id: 'bad' },
    ];
    const created = await management.jobs.usersImports.create({ users: Readable.from([JSON.stringify(users)]), connection_id: connectionId, upsert: false });
    const createdAt = new Date(server.clock.now()).toISOString();
    const job = { type: 'users_import', connection_id: connectionId, connection: CONNECTION, upsert: false, send_completion_email: true, created_at: createdAt };
    expect(created).toEqual({ ...job, status: 'pending', id: JOB_ID, summary: { failed: 0, updated: 0, inserted: 0, total: 2 } });
    expect(await finished(created.id)).toEqual({ ...job, status: 'completed', id: created.id, summary: { failed: 1, updated: 0, inserted: 1, total: 2 } });
    expect(await management.jobs.errors.get(created.id)).toEqual([
      { user: { email: 'bad', user_id: 'bad' }, errors: [{ code: 'INVALID_FORMAT', message: "Object didn't pass validation for format email: bad", path: 'email' }] },
    ]);

    // The imported user, through the Authentication API as an app calls it.
    await management.guardian.factors.set('otp', { enabled: true });
    await management.guardian.policies.set(['all-applications']);
    const app = await management.clients.create({ name: 'Staff Portal', grant_types: APP_GRANTS });
    const client = { client_id: app.client_id ?? '', client_secret: app.client_secret ?? '' };
    const token = async (body: Record<string, string>) => {
      const response = await server.fetch(new URL('/oauth/token', server.issuer), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...client, ...body }) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const login = await token({ grant_type: 'password', username: 'ada@example.com', password: OLD_PASSWORD });
    expect({ status: login.status, error: login.body.error }).toEqual({ status: 403, error: 'mfa_required' });
    const otp = await token({ grant_type: MFA_OTP, mfa_token: String(login.body.mfa_token), otp: oathtool(SECRET, server.clock.now()) });
    expect(otp.status).toBe(200);
  });

  it('refusals reach the SDK as Management errors', async () => {
    const unknown = management.jobs.usersImports.create({ users: Buffer.from('[]'), connection_id: 'con_0000000000000000' });
    expect(await v7Error(unknown)).toEqual(mgmtErrorBody(400, 'Bad Request', 'inexistent_connection', 'The connection does not exist.'));
    const notJson = management.jobs.usersImports.create({ users: Buffer.from('email,name\n'), connection_id: connectionId });
    expect(await v7Error(notJson)).toEqual(mgmtErrorBody(400, 'Bad Request', 'invalid_body', "Payload validation error: 'Users file must be valid JSON' on property users."));
  });

  it('jobs.usersExports.create exports NDJSON, downloadable from the job location', async () => {
    const users = [{ email: 'ada@example.com', user_id: 'ada', name: 'Ada' }];
    const imported = await management.jobs.usersImports.create({ users: Buffer.from(JSON.stringify(users)), connection_id: connectionId });
    await finished(imported.id);
    const fields = [{ name: 'user_id' }, { name: 'email' }, { name: 'name' }];
    const created = await management.jobs.usersExports.create({ connection_id: connectionId, format: 'json', fields });
    expect(created).toEqual({
      type: 'users_export', status: 'pending', connection_id: connectionId, connection: CONNECTION, format: 'json', fields,
      created_at: new Date(server.clock.now()).toISOString(), id: JOB_ID,
    });
    const done = await finished(created.id);
    const file = await server.fetch(String(done.location));
    expect(file.status).toBe(200);
    expect(gunzipSync(Buffer.from(await file.arrayBuffer())).toString()).toBe('{"user_id":"auth0|ada","email":"ada@example.com","name":"Ada"}\n');
  });
});
