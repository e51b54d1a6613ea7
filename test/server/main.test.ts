import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { describe, it as base } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { loadDataKey } from '../../server/crypto/data-key.js';
import { systemRandom } from '../../server/crypto/random.js';
import { freePort, ServerGroup, type LogLine, type RunningServer, type ServerProcess } from '../helpers/process.js';
import { startLogReceiver } from '../helpers/log-receiver.js';
import { base32Decode } from '../helpers/mfa.js';
import { oathtool, PASSWORD } from '../helpers/server.js';

/** `server/main.ts` as a real child process: files, environment, signals and logs. */

const CONNECTION = 'Username-Password-Authentication';
const EMAIL = 'ada@example.com';
const MFA_OTP = 'http://auth0.com/oauth/grant-type/mfa-otp';
const MFA_RECOVERY_CODE = 'http://auth0.com/oauth/grant-type/mfa-recovery-code';
const APP_GRANTS = ['password', 'refresh_token', MFA_OTP, MFA_RECOVERY_CODE];

interface AdminCredentials {
  client_id: string;
  client_secret: string;
}

interface Reply {
  status: number;
  body: unknown;
}

async function reply(response: Response): Promise<Reply> {
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

function postForm(server: RunningServer, path: string, params: Record<string, string>): Promise<Reply> {
  return fetch(new URL(path, server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  }).then(reply);
}

function callJson(server: RunningServer, method: string, path: string, bearer: string, body?: unknown): Promise<Reply> {
  return fetch(new URL(path, server.url), {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).then(reply);
}

async function managementToken(server: RunningServer, admin: AdminCredentials, audience = `${server.url}api/v2/`): Promise<string> {
  const response = await postForm(server, '/oauth/token', { grant_type: 'client_credentials', ...admin, audience });
  if (response.status !== 200) throw new Error(`management token: ${JSON.stringify(response.body)}`);
  return (response.body as { access_token: string }).access_token;
}

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

function readCredentials(dataDir: string): AdminCredentials & { audience: string; token_endpoint: string } {
  return JSON.parse(readFileSync(join(dataDir, 'admin-client.json'), 'utf8')) as AdminCredentials & { audience: string; token_endpoint: string };
}

/** Every byte the process wrote, to search for secrets that must never be logged. */
function allOutput(server: ServerProcess): string {
  const { stdout, stderr } = server.output();
  return `${stdout}\n${stderr}`;
}

/**
 * `file: secret` for every secret found in a file of the data dir. The data key file is the key's home
 * and the credentials file the admin secret's; neither may hold anything else.
 */
function dataDirLeaks(dataDir: string, secrets: [string, Buffer][]): string[] {
  const home: Record<string, string> = { 'data.key': '', 'admin-client.json': 'adminSecret' };
  const files = readdirSync(dataDir);
  if (!files.includes('tessera.db')) throw new Error(`no database in ${dataDir}: the scan would be blind`);
  return files.flatMap((file) => {
    const bytes = readFileSync(join(dataDir, file));
    return secrets.filter(([name, value]) => name !== home[file] && bytes.includes(value)).map(([name]) => `${file}: ${name}`);
  });
}

const byMessage = (msg: string) => (line: LogLine) => line.msg === msg;

interface Workspace {
  /** A temp dir of the test's own, removed afterwards. */
  root: string;
  /** Not created yet: the server makes it. */
  dataDir: string;
  servers: ServerGroup;
}

// Each case owns its directory and processes, cleaned up however it ends. The cases run one after
// another: a start is about a second of module loading on one core, and running them side by side on a
// busy 2-core machine pushed starts past their timeout.
const it = base.extend<{ ws: Workspace }>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads fixture dependencies from this pattern
  ws: async ({}, use) => {
    const root = mkdtempSync(join(tmpdir(), 'tessera-main-'));
    const servers = new ServerGroup();
    try {
      await use({ root, dataDir: join(root, 'data'), servers });
    } finally {
      await servers.killAll();
      rmSync(root, { recursive: true, force: true });
    }
  },
});

describe('server/main.ts as a standalone process', () => {
  it('creates its data on first start: the database, a 0600 data key and 0600 admin credentials it never logs', async ({ ws: { dataDir, servers }, expect }) => {
    const port = await freePort();
    const server = await servers.start(dataDir, {}, port);

    expect(server.listening).toMatchObject({ level: 30, msg: `Tessera listening on 127.0.0.1:${port}`, issuer: `http://127.0.0.1:${port}/` });
    expect(mode(dataDir)).toBe(0o700);
    expect(existsSync(join(dataDir, 'tessera.db'))).toBe(true);
    expect(mode(join(dataDir, 'tessera.db'))).toBe(0o600);
    expect(mode(join(dataDir, 'data.key'))).toBe(0o600);
    expect(mode(join(dataDir, 'admin-client.json'))).toBe(0o600);
    // SQLite's -wal and -shm files too: everything in the data dir is private to the server's user.
    expect(readdirSync(dataDir).map((name) => [name, mode(join(dataDir, name))])).toEqual(readdirSync(dataDir).map((name) => [name, 0o600]));
    const credentials = readCredentials(dataDir);
    expect(credentials).toEqual({
      client_id: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
      client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{64}$/),
      audience: `${server.url}api/v2/`,
      token_endpoint: `${server.url}oauth/token`,
    });
    expect(server.logs.find(byMessage('data loaded'))).toMatchObject({ dataDir, dataKey: join(dataDir, 'data.key') });
    expect(server.logs.find(byMessage('tenant created; admin client credentials written (0600)'))).toMatchObject({
      client_id: credentials.client_id,
      credentials_file: join(dataDir, 'admin-client.json'),
    });

    // The written credentials are the real ones.
    const token = await managementToken(server, credentials);
    expect(decodeJwt(token)).toMatchObject({ iss: server.url, aud: `${server.url}api/v2/`, sub: `${credentials.client_id}@clients` });
    // Request lines are written in batches (server/log-output.ts), yet one comes out within its flush
    // interval (1 s) while the server runs, not only when it stops.
    await expect.poll(() => server.logs.some((line) => line.msg === 'request completed' && (line.req as { url?: string } | undefined)?.url === '/oauth/token'), { timeout: 10_000, interval: 20 }).toBe(true);

    expect(await server.stop()).toEqual({ code: 0, signal: null });
    const output = allOutput(server);
    expect(output).not.toContain(credentials.client_secret);
    expect(output).not.toContain(readFileSync(join(dataDir, 'data.key'), 'utf8').trim());
    expect(output).not.toContain(token);
  });

  it('takes the admin client from TESSERA_ADMIN_CLIENT_ID/SECRET and writes no credentials file', async ({ ws: { dataDir, servers }, expect }) => {
    const admin = { client_id: 'ops-admin-client-id-0000000000000', client_secret: randomBytes(32).toString('base64url') };
    const server = await servers.start(dataDir, { TESSERA_ADMIN_CLIENT_ID: admin.client_id, TESSERA_ADMIN_CLIENT_SECRET: admin.client_secret });

    expect(existsSync(join(dataDir, 'admin-client.json'))).toBe(false);
    expect(server.logs.find(byMessage('tenant created; admin client from TESSERA_ADMIN_CLIENT_ID/SECRET'))).toMatchObject({ client_id: admin.client_id });
    const token = await managementToken(server, admin);
    expect(decodeJwt(token)).toMatchObject({ aud: `${server.url}api/v2/`, sub: `${admin.client_id}@clients`, gty: 'client-credentials' });
    expect(await callJson(server, 'GET', '/api/v2/guardian/policies', token)).toEqual({ status: 200, body: [] });
    expect(await postForm(server, '/oauth/token', { grant_type: 'client_credentials', client_id: admin.client_id, client_secret: 'wrong', audience: `${server.url}api/v2/` })).toEqual({
      status: 401,
      body: { error: 'invalid_client', error_description: 'Client authentication failed.' },
    });

    await server.stop();
    expect(allOutput(server)).not.toContain(admin.client_secret);
  });

  it('derives token iss, discovery and the Management API audience from TESSERA_ISSUER', async ({ ws: { dataDir, servers }, expect }) => {
    // Given without the trailing slash: the server normalises it. With an explicit issuer the OS may
    // pick the port (0), and the listen line names the bound one.
    const server = await servers.start(dataDir, { TESSERA_ISSUER: 'https://mfa.example.test', TESSERA_PORT: '0' });
    const issuer = 'https://mfa.example.test/';

    expect(server.port).toBeGreaterThan(0);
    expect(server.listening).toMatchObject({ issuer });
    const discovery = await reply(await fetch(new URL('/.well-known/openid-configuration', server.url)));
    expect(discovery.body).toMatchObject({ issuer, token_endpoint: `${issuer}oauth/token`, jwks_uri: `${issuer}.well-known/jwks.json` });
    const credentials = readCredentials(dataDir);
    expect(credentials).toMatchObject({ audience: `${issuer}api/v2/`, token_endpoint: `${issuer}oauth/token` });

    const token = await managementToken(server, credentials, `${issuer}api/v2/`);
    const jwks = (await reply(await fetch(new URL('/.well-known/jwks.json', server.url)))).body as JSONWebKeySet;
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { issuer, audience: `${issuer}api/v2/`, algorithms: ['RS256'] });
    expect(payload.sub).toBe(`${credentials.client_id}@clients`);
    expect(await callJson(server, 'GET', '/api/v2/guardian/policies', token)).toEqual({ status: 200, body: [] });

    // The listening address is not the issuer: its audience is unknown here.
    const local = await postForm(server, '/oauth/token', { grant_type: 'client_credentials', ...credentials, audience: `${server.url}api/v2/` });
    expect(local.status).toBe(403);
    expect(local.body).toMatchObject({ error: 'access_denied' });
  });

  it('keeps codes in the developer outbox with TESSERA_DELIVERY=outbox, and has no outbox without it', async ({ ws: { dataDir, servers }, expect }) => {
    const server = await servers.start(dataDir, { TESSERA_DELIVERY: 'outbox' });
    const credentials = readCredentials(dataDir);
    const token = await managementToken(server, credentials, `${server.url}api/v2/`);
    expect(await callJson(server, 'GET', '/api/v2/outbox', token)).toEqual({ status: 200, body: [] });
    await server.stop();
    const sending = await servers.start(dataDir);
    const again = await managementToken(sending, credentials, `${sending.url}api/v2/`);
    expect(await callJson(sending, 'GET', '/api/v2/outbox', again)).toEqual({ status: 404, body: { statusCode: 404, error: 'Not Found', message: 'Not Found', errorCode: 'not_found' } });
  });

  it('uses TESSERA_DATA_KEY without writing data.key, and refuses to start with a different key', async ({ ws: { dataDir, servers }, expect }) => {
    const key = randomBytes(32).toString('hex');
    const server = await servers.start(dataDir, { TESSERA_DATA_KEY: key });

    expect(existsSync(join(dataDir, 'data.key'))).toBe(false);
    expect(server.logs.find(byMessage('data loaded'))).toMatchObject({ dataKey: 'TESSERA_DATA_KEY' });
    // The client secret is sealed under the data key: a token proves the server opened it with this key.
    await managementToken(server, readCredentials(dataDir));
    expect(await server.stop()).toEqual({ code: 0, signal: null });
    expect(allOutput(server)).not.toContain(key);

    const otherKey = randomBytes(32).toString('hex');
    const refused = await servers.runToExit({ TESSERA_DATA_DIR: dataDir, TESSERA_PORT: String(server.port), TESSERA_DATA_KEY: otherKey });
    expect({ code: refused.code, stderr: refused.stderr.trim() }).toEqual({
      code: 1,
      stderr: 'The data key cannot decrypt this database (its signing key): use the data key it was created with (TESSERA_DATA_KEY or data.key).',
    });
    expect(refused.stdout).not.toContain('Tessera listening');
    expect(`${refused.stdout}${refused.stderr}`).not.toContain(otherKey);
    expect(existsSync(join(dataDir, 'data.key'))).toBe(false);
  });

  it('keeps users, factors, keys and admin credentials across a SIGTERM restart', async ({ ws: { dataDir, servers }, expect }) => {
    const first = await servers.start(dataDir);
    const credentials = readCredentials(dataDir);
    const token = await managementToken(first, credentials);
    const created = await callJson(first, 'POST', '/api/v2/users', token, { connection: CONNECTION, email: EMAIL, password: PASSWORD });
    expect(created.status).toBe(201);
    const user = created.body as { user_id: string };
    expect(await callJson(first, 'PUT', '/api/v2/guardian/factors/otp', token, { enabled: true })).toEqual({ status: 200, body: { enabled: true } });
    const jwks = (await reply(await fetch(new URL('/.well-known/jwks.json', first.url)))).body;

    expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(first.logs.find(byMessage('shutting down'))).toMatchObject({ level: 30, signal: 'SIGTERM' });

    // The same port, so the derived issuer (and the token's audience) is unchanged.
    const restarted = await servers.start(dataDir, {}, first.port);
    expect(restarted.logs.some((line) => line.msg.startsWith('tenant created'))).toBe(false);
    expect(readCredentials(dataDir)).toEqual(credentials);
    expect((await reply(await fetch(new URL('/.well-known/jwks.json', restarted.url)))).body).toEqual(jwks);
    // A token minted before the restart is still valid, and new ones are issued to the same credentials.
    expect(await callJson(restarted, 'GET', `/api/v2/users/${encodeURIComponent(user.user_id)}`, token)).toEqual({ status: 200, body: created.body });
    const fresh = await managementToken(restarted, credentials);
    const factors = await callJson(restarted, 'GET', '/api/v2/guardian/factors', fresh);
    expect(factors.body).toContainEqual({ name: 'otp', enabled: true, trial_expired: false });
    expect(factors.body).toContainEqual({ name: 'recovery-code', enabled: false, trial_expired: false });
  });

  it('shuts down cleanly on SIGINT', async ({ ws: { dataDir, servers }, expect }) => {
    const server = await servers.start(dataDir);
    expect(await server.stop('SIGINT')).toEqual({ code: 0, signal: null });
    expect(server.logs.find(byMessage('shutting down'))).toMatchObject({ signal: 'SIGINT' });
    expect(server.output().stderr).toBe('');
  });

  // Trace logs everything info does and more, so this also covers the default level.
  it('keeps none of the secrets of a full MFA flow in its logs (even at trace level) or its data dir', async ({ ws: { dataDir, servers }, expect }) => {
    const server = await servers.start(dataDir, { TESSERA_LOG_LEVEL: 'trace' });
    const admin = readCredentials(dataDir);
    const token = await managementToken(server, admin);
    const secrets: Record<string, string> = { adminSecret: admin.client_secret, managementToken: token, password: PASSWORD };

    // A log stream's httpAuthorization is sealed at rest and sent only to its receiver, even when a delivery fails.
    const receiver = await startLogReceiver();
    receiver.answer(500);
    secrets.logStreamAuthorization = `Bearer ${randomBytes(24).toString('base64url')}`;
    const sink = { httpEndpoint: receiver.url, httpContentFormat: 'JSONARRAY', httpAuthorization: secrets.logStreamAuthorization };
    expect((await callJson(server, 'POST', '/api/v2/log-streams', token, { name: 'Leak Check', type: 'http', sink })).status).toBe(200);
    const sentWithAuthorization = (ok: boolean) => () =>
      receiver.requests.some((request) => request.headers.authorization === secrets.logStreamAuthorization && (request.status === 200) === ok);

    const app = (await callJson(server, 'POST', '/api/v2/clients', token, { name: 'Leak Check', grant_types: APP_GRANTS })).body as AdminCredentials;
    secrets.clientSecret = app.client_secret;
    const created = await callJson(server, 'POST', '/api/v2/users', token, { connection: CONNECTION, email: EMAIL, password: PASSWORD });
    expect(created.status).toBe(201);
    const userId = (created.body as { user_id: string }).user_id;
    for (const factor of ['otp', 'recovery-code']) await callJson(server, 'PUT', `/api/v2/guardian/factors/${factor}`, token, { enabled: true });
    await callJson(server, 'PUT', '/api/v2/guardian/policies', token, ['all-applications']);

    const login = { grant_type: 'password', ...app, username: EMAIL, scope: 'openid profile email offline_access' };
    secrets.wrongPassword = `not-${PASSWORD}`;
    expect((await postForm(server, '/oauth/token', { ...login, password: secrets.wrongPassword })).body).toMatchObject({ error: 'invalid_grant' });
    const mfaRequired = await postForm(server, '/oauth/token', { ...login, password: PASSWORD });
    expect(mfaRequired.body).toMatchObject({ error: 'mfa_required' });
    const mfaToken = (mfaRequired.body as { mfa_token: string }).mfa_token;
    secrets.mfaToken = mfaToken;

    const associate = await callJson(server, 'POST', '/mfa/associate', mfaToken, { authenticator_types: ['otp'] });
    const { secret, recovery_codes: codes } = associate.body as { secret: string; recovery_codes: string[] };
    secrets.otpSecret = secret;
    secrets.recoveryCode = codes[0] ?? '';
    const otp = oathtool(secret, Date.now());
    const confirmed = await postForm(server, '/oauth/token', { grant_type: MFA_OTP, ...app, mfa_token: mfaToken, otp });
    expect(confirmed.status).toBe(200);
    const tokens = confirmed.body as { access_token: string; id_token: string; refresh_token: string };
    Object.assign(secrets, { accessToken: tokens.access_token, idToken: tokens.id_token, refreshToken: tokens.refresh_token });
    expect((await callJson(server, 'GET', '/mfa/authenticators', mfaToken)).status).toBe(200);

    const second = (await postForm(server, '/oauth/token', { ...login, password: PASSWORD })).body as { mfa_token: string };
    secrets.secondMfaToken = second.mfa_token;
    const wrongCode = await postForm(server, '/oauth/token', { grant_type: MFA_RECOVERY_CODE, ...app, mfa_token: second.mfa_token, recovery_code: 'WRONGWRONGWRONGWRONGWRON' });
    expect(wrongCode.status).toBe(403);
    const recovered = await postForm(server, '/oauth/token', { grant_type: MFA_RECOVERY_CODE, ...app, mfa_token: second.mfa_token, recovery_code: secrets.recoveryCode });
    expect(recovered.status).toBe(200);
    secrets.newRecoveryCode = (recovered.body as { recovery_code: string }).recovery_code;
    const refreshed = await postForm(server, '/oauth/token', { grant_type: 'refresh_token', ...app, refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    secrets.rotatedRefreshToken = (refreshed.body as { refresh_token: string }).refresh_token;

    // An enrollment ticket is a bearer credential in a URL (https://auth0.com/docs/secure/multi-factor-authentication/multi-factor-authentication-developer-resources/create-custom-enrollment-tickets): opening its link must not log it.
    const ticket = await callJson(server, 'POST', '/api/v2/guardian/enrollments/ticket', token, { user_id: userId, allow_multiple_enrollments: true });
    const { ticket_id: ticketId, ticket_url: ticketUrl } = ticket.body as { ticket_id: string; ticket_url: string };
    secrets.enrollmentTicket = ticketId;
    expect(ticketUrl).toBe(`${server.url}guardian/enroll?ticket=${ticketId}`);
    expect((await fetch(ticketUrl)).status).toBe(200);

    // Not blind: the receiver did get the header, on a failed delivery and then on the retry that succeeded.
    await receiver.until(sentWithAuthorization(false), 15_000, 'a failed delivery');
    receiver.answer(200);
    await receiver.until(sentWithAuthorization(true), 15_000, 'a successful delivery');
    await receiver.close();

    // Binary forms of the seed too: a raw copy in a page of the database would not look like base32.
    const seed = base32Decode(secret);
    const atRest: [string, Buffer][] = [
      ...Object.entries(secrets).map(([name, value]) => [name, Buffer.from(value)] as [string, Buffer]),
      ['otpSeedRaw', seed],
      ['otpSeedHex', Buffer.from(seed.toString('hex'))],
      ['otpSeedBase64', Buffer.from(seed.toString('base64'))],
    ];
    // While it runs, recent writes live in the WAL; after a clean stop, in the database file.
    const live = dataDirLeaks(dataDir, atRest);
    expect(await server.stop()).toEqual({ code: 0, signal: null });
    expect({ live, stopped: dataDirLeaks(dataDir, atRest) }).toEqual({ live: [], stopped: [] });
    // Not blind: plain data of the same flow is there.
    expect(readFileSync(join(dataDir, 'tessera.db')).includes(Buffer.from(EMAIL))).toBe(true);
    const output = allOutput(server);
    // The server did log the requests: this check is not passing on an empty log.
    expect(server.logs.filter((line) => line.msg === 'request completed').length).toBeGreaterThan(10);
    // One line per request (request-log.ts), carrying the request, the status and the time.
    expect(server.logs.filter((line) => line.msg === 'incoming request')).toEqual([]);
    expect(server.logs.find((line) => line.msg === 'request completed' && (line.req as { url?: string } | undefined)?.url === '/guardian/enroll?[redacted]')).toMatchObject({
      req: { method: 'GET', url: '/guardian/enroll?[redacted]' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
    expect(Object.values(secrets).every((value) => value.length >= 20)).toBe(true);
    const leaked = Object.entries(secrets).filter(([, value]) => output.includes(value)).map(([name]) => name);
    expect(leaked).toEqual([]);
    expect(server.logs.filter((line) => (line.req as { url?: string } | undefined)?.url === '/guardian/enroll?[redacted]')).toHaveLength(1);
    // Six digits would match inside timestamps; a code is only a leak as a number of its own.
    expect(output).not.toMatch(new RegExp(`(?<![0-9])${otp}(?![0-9])`));
  });

  describe('refuses a bad configuration with a clear message and a non-zero exit', () => {
    // Every variable it rejects, checked where it is read (fast, in process; nothing touches the disk)...
    const UNUSED_DIR = join(tmpdir(), 'tessera-never-created');
    const cases: { name: string; env: Record<string, string>; message: string }[] = [
      { name: 'port not a number', env: { TESSERA_PORT: 'abc' }, message: 'TESSERA_PORT must be a port number: abc' },
      { name: 'port out of range', env: { TESSERA_PORT: '70000' }, message: 'TESSERA_PORT must be a port number: 70000' },
      { name: 'port not an integer', env: { TESSERA_PORT: '80.5' }, message: 'TESSERA_PORT must be a port number: 80.5' },
      { name: 'port 0 without an issuer', env: { TESSERA_PORT: '0' }, message: 'TESSERA_PORT=0 needs TESSERA_ISSUER: the issuer must name the port clients connect to.' },
      { name: 'issuer not a URL', env: { TESSERA_ISSUER: 'mfa.example.test' }, message: 'TESSERA_ISSUER must be an absolute http(s) URL: mfa.example.test' },
      { name: 'issuer not http(s)', env: { TESSERA_ISSUER: 'ftp://mfa.example.test/' }, message: 'TESSERA_ISSUER must be http(s): ftp://mfa.example.test/' },
      { name: 'an unknown delivery', env: { TESSERA_DELIVERY: 'sms' }, message: 'TESSERA_DELIVERY must be provider or outbox: sms' },
    ];
    for (const { name, env, message } of cases) {
      it(`loadConfig: ${name}`, ({ expect }) => {
        expect(() => loadConfig({ TESSERA_DATA_DIR: UNUSED_DIR, ...env })).toThrow(new Error(message));
      });
    }
    it('loadDataKey: a key of the wrong size, without echoing it', ({ expect }) => {
      const check = () => loadDataKey(UNUSED_DIR, { TESSERA_DATA_KEY: 'c2hvcnQta2V5' }, systemRandom);
      expect(check).toThrow(new Error('TESSERA_DATA_KEY must encode 32 bytes (64 hex characters or base64).'));
    });

    // ...and the process turns each kind into exit 1 with only the message on stderr.
    it('exits 1 for a bad port, a bad data key and a port already in use', async ({ ws: { root, servers }, expect }) => {
      const occupied = createServer();
      await new Promise<void>((resolve) => occupied.listen(0, '127.0.0.1', resolve));
      const busyPort = (occupied.address() as AddressInfo).port;
      const runs: { env: Record<string, string>; message: string }[] = [
        { env: { TESSERA_PORT: 'abc' }, message: 'TESSERA_PORT must be a port number: abc' },
        { env: { TESSERA_PORT: '3998', TESSERA_DELIVERY: 'outbx' }, message: 'TESSERA_DELIVERY must be provider or outbox: outbx' },
        { env: { TESSERA_PORT: '3999', TESSERA_DATA_KEY: 'c2hvcnQta2V5' }, message: 'TESSERA_DATA_KEY must encode 32 bytes (64 hex characters or base64).' },
        { env: { TESSERA_PORT: String(busyPort) }, message: `listen EADDRINUSE: address already in use 127.0.0.1:${busyPort}` },
      ];
      try {
        // All at once: each start spends about a second loading modules before it reads its settings.
        const results = await Promise.all(
          runs.map(async ({ env }, i) => {
            const result = await servers.runToExit({ TESSERA_DATA_DIR: join(root, `run-${i}`), TESSERA_HOST: '127.0.0.1', ...env });
            return { code: result.code, stderr: result.stderr.trim(), listened: result.stdout.includes('Tessera listening') };
          }),
        );
        expect(results).toEqual(runs.map(({ message }) => ({ code: 1, stderr: message, listened: false })));
      } finally {
        await new Promise<void>((resolve) => occupied.close(() => resolve()));
      }
    });
  });
});
