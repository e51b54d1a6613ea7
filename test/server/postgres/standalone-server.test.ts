import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describePostgres } from '../../helpers/postgres.js';
import { ServerGroup, type RunningServer } from '../../helpers/process.js';

/**
 * `npm run server` on PostgreSQL (`TESSERA_DATABASE_URL`): two instances of the built server started at the
 * same moment on one empty database, as behind a load balancer. One migrates and creates the tenant, the
 * other waits for the migration lock; both then serve the same tenant.
 */

const ADMIN = { client_id: 'pg-admin-client-000000000000000000', client_secret: 'pg-admin-secret-that-is-long-enough-000000000' };
const ISSUER = 'https://tessera.example.test/';

async function call(server: RunningServer, method: string, path: string, bearer?: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(path, server.url), {
    method,
    headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

async function managementToken(server: RunningServer): Promise<string> {
  const reply = await call(server, 'POST', '/oauth/token', undefined, { grant_type: 'client_credentials', ...ADMIN, audience: `${ISSUER}api/v2/` });
  expect(reply.status).toBe(200);
  return (reply.body as { access_token: string }).access_token;
}

let root: string;
let servers: ServerGroup;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tessera-pg-server-'));
  servers = new ServerGroup();
});
afterEach(async () => {
  await servers.killAll();
  rmSync(root, { recursive: true, force: true });
});

describePostgres('the standalone server on PostgreSQL', () => {
  it('starts two instances at once on an empty database; they serve one tenant, and a restart keeps it', async () => {
    const url = await createTestDatabase({ migrated: false });
    const env = {
      TESSERA_DATABASE_URL: url,
      TESSERA_DATA_KEY: randomBytes(32).toString('hex'),
      TESSERA_ISSUER: ISSUER,
      TESSERA_ADMIN_CLIENT_ID: ADMIN.client_id,
      TESSERA_ADMIN_CLIENT_SECRET: ADMIN.client_secret,
    };
    const [a, b] = await Promise.all([servers.start(join(root, 'a'), env), servers.start(join(root, 'b'), env)]);
    // Exactly one of them created the tenant; both say which database they use, never its URL.
    expect([a, b].filter((server) => server.logs.some((line) => line.msg.startsWith('tenant created'))).length).toBe(1);
    for (const server of [a, b]) {
      expect(server.logs.find((line) => line.msg === 'data loaded')).toMatchObject({ database: 'postgresql' });
      expect(server.output().stdout + server.output().stderr).not.toContain(url);
    }
    // Nothing of the tenant lives in the data folders: no SQLite file was made.
    expect(readdirSync(join(root, 'a'))).not.toContain('tessera.db');

    // A user created through one instance is the same user on the other, with the same signing keys.
    const created = await call(a, 'POST', '/api/v2/users', await managementToken(a), {
      connection: 'Username-Password-Authentication',
      email: 'ada@example.com',
      password: 'correct horse battery staple',
    });
    expect(created.status).toBe(201);
    const userId = (created.body as { user_id: string }).user_id;
    const tokenFromB = await managementToken(b);
    expect(await call(b, 'GET', `/api/v2/users/${encodeURIComponent(userId)}`, tokenFromB)).toEqual({ status: 200, body: created.body });
    expect(await call(a, 'GET', '/.well-known/jwks.json')).toEqual(await call(b, 'GET', '/.well-known/jwks.json'));
    // One email, one user: the second instance refuses a duplicate as Auth0 does.
    const duplicate = await call(b, 'POST', '/api/v2/users', tokenFromB, { connection: 'Username-Password-Authentication', email: 'ADA@example.com', password: 'another good password 1' });
    expect(duplicate).toEqual({ status: 409, body: { statusCode: 409, error: 'Conflict', message: 'The user already exists.', errorCode: 'auth0_idp_error' } });

    expect(await a.stop()).toEqual({ code: 0, signal: null });
    expect(await b.stop()).toEqual({ code: 0, signal: null });
    const restarted = await servers.start(join(root, 'a'), env);
    expect(restarted.logs.some((line) => line.msg.startsWith('tenant created'))).toBe(false);
    expect(await call(restarted, 'GET', `/api/v2/users/${encodeURIComponent(userId)}`, tokenFromB)).toEqual({ status: 200, body: created.body });
  });

  it('refuses a TESSERA_DATABASE_URL that is not a PostgreSQL URL, without echoing it', async () => {
    const exit = await servers.runToExit({ TESSERA_DATA_DIR: join(root, 'c'), TESSERA_DATABASE_URL: 'mysql://user:hunter2@localhost/db' });
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('TESSERA_DATABASE_URL must be a postgres:// or postgresql:// URL.');
    expect(exit.stderr + exit.stdout).not.toContain('hunter2');
  });
});
