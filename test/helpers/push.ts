import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  approve,
  createFileAccountStore,
  createFileKeyStore,
  enrollDevice,
  openStream,
  type AccountStore,
  type DeviceAccount,
  type FetchLike,
  type KeyStore,
  type PushRequest,
  type PushResolution,
  type StreamClosed,
  type StreamOptions,
  type StreamState,
} from '../../src-main/push-device';
import { ADMIN_CREDENTIALS_FILE } from '../../server/admin-credentials.js';
import type { HttpLimits } from '../../server/config.js';
import { applyHttpLimits, resolveHttpLimits } from '../../server/http-limits.js';
import type { FixedClock } from './clock.js';
import { buildConfiguredServer, type ConfiguredServerOptions } from './configured-server.js';
import { ADMIN, PASSWORD, type TestClient, type TestServer } from './server.js';
import { requestInit } from './http.js';

/** Real HTTP for the push end-to-end tests: Tessera listening on loopback, devices using the real client library. */

export const MFA_OOB_GRANT = 'http://auth0.com/oauth/grant-type/mfa-oob';
export const PUSH_FACTORS = ['push-notification', 'otp', 'recovery-code'] as const;
/** A browser's user agent for the login request, so the device shows "Chrome on Linux". */
export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.126 Safari/537.36';
const DEFAULT_WAIT_MS = 5_000;
const CLI_PATH = fileURLToPath(new URL('../../bin/tessera.mjs', import.meta.url));
/** The bin runs the prebuilt JavaScript (test/global-setup.ts builds it); a busy machine still needs a margin. */
const CLI_START_MS = 20_000;

/**
 * Real time, which a test may still move forward: `now()` is `Date.now()` plus an offset. Push needs a
 * running clock (device JWTs carry the device's own `iat`/`exp`; polling buckets refill), yet expiry is
 * only testable by jumping ahead.
 */
export function realClock(): FixedClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    set: (ms) => {
      offset = ms - Date.now();
    },
    advance: (ms) => {
      offset += ms;
    },
  };
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  bearer?: string;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface PushTessera extends TestServer {
  /** `http://127.0.0.1:<port>/`: the issuer, the base of every URL a device sees. */
  issuer: string;
  call<T = unknown>(method: string, path: string, options?: CallOptions): Promise<ApiResponse<T>>;
  /** A Management API call with the bootstrap admin's client-credentials token. */
  management<T = unknown>(method: string, path: string, json?: unknown): Promise<ApiResponse<T>>;
  /** A temp folder removed when the server closes (device key and account files). */
  tempDir(prefix: string): string;
  /** Runs before the server closes; `listen` registers the stop of each stream it opens. */
  onClose(cleanup: () => Promise<unknown> | void): void;
}

/** Tessera over plain HTTP on 127.0.0.1 with a real clock; the socket listens first so the issuer can name its port. */
/** What the push helpers need of a server: its issuer, plain HTTP calls, and Management API calls. */
export type PushApi = Pick<PushTessera, 'issuer' | 'call' | 'management'>;

/**
 * A Tessera reached over HTTP only, with an admin client's credentials for the Management API (the one
 * `startPushTessera` bootstraps, or the desktop app's embedded server and its generated admin client).
 */
export function httpApi(issuer: string, admin: { clientId: string; clientSecret: string }): PushApi {
  async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const response = await fetch(new URL(path, issuer), requestInit(method, options));
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text === '' ? undefined : JSON.parse(text)) as T };
  }

  let adminToken: string | undefined;
  async function management<T>(method: string, path: string, json?: unknown): Promise<ApiResponse<T>> {
    if (adminToken === undefined) {
      const token = await call<{ access_token: string }>('POST', '/oauth/token', {
        form: { grant_type: 'client_credentials', client_id: admin.clientId, client_secret: admin.clientSecret, audience: `${issuer}api/v2/` },
      });
      if (token.status !== 200) throw new Error(`management token: ${JSON.stringify(token.body)}`);
      adminToken = token.body.access_token;
    }
    return call<T>(method, path, { bearer: adminToken, json });
  }
  return { issuer, call, management };
}

/** The desktop app's embedded server, as `httpApi`, with the admin client it wrote to `<dataDir>/server`. */
export function embeddedServerApi(desktopDataDir: string, issuer: string): PushApi {
  const file = join(desktopDataDir, 'server', ADMIN_CREDENTIALS_FILE);
  const admin = JSON.parse(readFileSync(file, 'utf8')) as { client_id: string; client_secret: string };
  return httpApi(issuer, { clientId: admin.client_id, clientSecret: admin.client_secret });
}

/**
 * `http`: socket limits, applied to the listening server as buildServer applies them to Fastify's.
 * `dbPath` and `dataKey`: start on a copy of a seeded database (its folder is removed on close).
 */
export async function startPushTessera(
  options: { http?: Partial<HttpLimits> } & Pick<ConfiguredServerOptions, 'logStreamIo' | 'logStreamSuspendAfterS' | 'dbPath' | 'dataKey' | 'mail'> = {},
): Promise<PushTessera> {
  const server = createServer();
  if (options.http) applyHttpLimits(server, resolveHttpLimits(options.http));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('startPushTessera: no TCP address');
  const issuer = `http://127.0.0.1:${address.port}/`;
  const tessera = await buildConfiguredServer({
    issuer,
    clock: realClock(),
    logStreamIo: options.logStreamIo,
    logStreamSuspendAfterS: options.logStreamSuspendAfterS,
    ...(options.dbPath ? { dbPath: options.dbPath, dataKey: options.dataKey } : {}),
    ...(options.mail ? { mail: options.mail } : {}),
  });
  server.on('request', (req, res) => tessera.app.routing(req, res));
  const dirs: string[] = [];
  const cleanups: (() => Promise<unknown> | void)[] = [];

  const { call, management } = httpApi(issuer, ADMIN);

  return {
    ...tessera,
    issuer,
    call,
    management,
    tempDir(prefix) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
    onClose: (cleanup) => void cleanups.push(cleanup),
    async close() {
      for (const cleanup of cleanups.splice(0)) await cleanup();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await tessera.close();
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Throws with the body when the status is not the one expected, so setup failures read clearly. */
export function expectOk<T>(response: ApiResponse<T>, status = 200): T {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

export interface PushTenant {
  client: TestClient & { name: string };
  user: { user_id: string; email: string };
}

/** Push, OTP and recovery codes on; MFA for all applications; one confidential client and one user. */
export async function pushTenant(server: PushApi, email = 'ada@example.com'): Promise<PushTenant> {
  for (const factor of PUSH_FACTORS) expectOk(await server.management('PUT', `/api/v2/guardian/factors/${factor}`, { enabled: true }));
  expectOk(await server.management('PUT', '/api/v2/guardian/policies', ['all-applications']));
  const client = expectOk(await server.management<TestClient & { name: string }>('POST', '/api/v2/clients', { name: 'Push Console', grant_types: ['password', MFA_OOB_GRANT] }), 201);
  const user = await addUser(server, email);
  return { client, user };
}

export async function addUser(server: PushApi, email: string): Promise<{ user_id: string; email: string }> {
  return expectOk(
    await server.management<{ user_id: string; email: string }>('POST', '/api/v2/users', { connection: 'Username-Password-Authentication', email, password: PASSWORD }),
    201,
  );
}

/** The password grant as a browser-side app sends it (form body, the browser's user agent). */
export function passwordLogin(server: PushApi, client: TestClient, email: string) {
  return server.call<Record<string, unknown>>('POST', '/oauth/token', {
    form: { grant_type: 'password', client_id: client.client_id, client_secret: client.client_secret, username: email, password: PASSWORD, scope: 'openid' },
    headers: { 'user-agent': BROWSER_UA },
  });
}

/** A password login expected to answer mfa_required; returns its mfa_token. */
export async function loginForMfaToken(server: PushApi, client: TestClient, email: string): Promise<string> {
  const response = await passwordLogin(server, client, email);
  const token = response.body.mfa_token;
  if (response.status !== 403 || typeof token !== 'string') throw new Error(`expected mfa_required: ${JSON.stringify(response.body)}`);
  return token;
}

export function pollOob(server: PushApi, client: TestClient, mfaToken: string, oobCode: string) {
  return server.call<Record<string, unknown>>('POST', '/oauth/token', {
    form: { grant_type: MFA_OOB_GRANT, client_id: client.client_id, client_secret: client.client_secret, mfa_token: mfaToken, oob_code: oobCode },
  });
}

export function pushChallenge(server: PushApi, client: TestClient, mfaToken: string) {
  return server.call<{ challenge_type: string; oob_code: string; number_challenge?: string }>('POST', '/mfa/challenge', {
    json: { mfa_token: mfaToken, client_id: client.client_id, client_secret: client.client_secret, challenge_type: 'oob' },
    headers: { 'user-agent': BROWSER_UA },
  });
}

/** A login waiting on push: the mfa_token to poll with and the challenge answer. */
export interface PendingLogin {
  mfaToken: string;
  oobCode: string;
  number: string | undefined;
}

export async function startPushLogin(server: PushApi, client: TestClient, email: string): Promise<PendingLogin> {
  const mfaToken = await loginForMfaToken(server, client, email);
  const challenge = expectOk(await pushChallenge(server, client, mfaToken));
  return { mfaToken, oobCode: challenge.oob_code, number: challenge.number_challenge };
}

/** A device as the library sees it: the account plus the file stores its key and metadata live in. */
export interface TestDevice {
  account: DeviceAccount;
  keyStore: KeyStore;
  accountStore: AccountStore;
  folder: string;
}

export function deviceStores(server: PushTessera): Omit<TestDevice, 'account'> {
  const folder = server.tempDir('tessera-device-');
  return { folder, keyStore: createFileKeyStore(join(folder, 'keys')), accountStore: createFileAccountStore(folder) };
}

export interface EnrolledUser {
  device: TestDevice;
  /** The enrollment's mfa_token (still valid for /mfa/authenticators). */
  mfaToken: string;
}

/** login → /mfa/associate → the library enrolls a device → the enrollment poll succeeds. `fetch`: the device's HTTP client. */
export async function enrollPushUser(server: PushTessera, client: TestClient, email: string, name = 'Ada’s laptop', fetch?: FetchLike): Promise<EnrolledUser> {
  const mfaToken = await loginForMfaToken(server, client, email);
  const association = expectOk(
    await server.call<{ barcode_uri: string; oob_code: string }>('POST', '/mfa/associate', {
      bearer: mfaToken,
      json: { authenticator_types: ['oob'], oob_channels: ['auth0'] },
    }),
  );
  const stores = deviceStores(server);
  const account = await enrollDevice({ barcodeUri: association.barcode_uri, name, ...stores, ...(fetch ? { fetch } : {}) });
  expectOk(await pollOob(server, client, mfaToken, association.oob_code));
  return { device: { account, ...stores }, mfaToken };
}

/** Login requests as the device's stream delivers them, in order. */
export interface DeviceStream {
  readonly states: StreamState[];
  /** Resolves when the stream is open (the server holds the connection). */
  opened(): Promise<void>;
  /** What `openStream` resolved with. */
  closed: Promise<StreamClosed>;
  next(timeoutMs?: number): Promise<PushRequest>;
  /** Requests received and not yet taken by `next`. */
  readonly queued: PushRequest[];
  /** Tessera's `resolved` events, in order of arrival. */
  readonly resolutions: PushResolution[];
  /** Resolves once `count` resolutions have arrived. */
  resolved(count?: number): Promise<PushResolution[]>;
  stop(): Promise<StreamClosed>;
}

/** Opens the library's stream for `device`; it is stopped before the server closes. */
export function listen(server: PushTessera, device: TestDevice, options: Partial<Pick<StreamOptions, 'sleep' | 'fetch'>> = {}): DeviceStream {
  const controller = new AbortController();
  const states: StreamState[] = [];
  const queued: PushRequest[] = [];
  const waiters: ((request: PushRequest) => void)[] = [];
  const resolutions: PushResolution[] = [];
  let onResolution: () => void = () => undefined;
  let markOpen: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (markOpen = resolve));
  const closed = openStream(device.account, {
    keyStore: device.keyStore,
    signal: controller.signal,
    onRequest(request) {
      const waiter = waiters.shift();
      if (waiter) waiter(request);
      else queued.push(request);
    },
    onResolved(resolution) {
      resolutions.push(resolution);
      onResolution();
    },
    onState(state) {
      states.push(state);
      if (state.status === 'open') markOpen();
    },
    ...options,
  });
  const stop = () => (controller.abort(), closed);
  server.onClose(stop);
  return {
    states,
    opened: () => withTimeout(opened, DEFAULT_WAIT_MS, 'the device stream did not open'),
    closed,
    queued,
    resolutions,
    resolved(count = 1) {
      const arrived = new Promise<PushResolution[]>((resolve) => {
        onResolution = () => {
          if (resolutions.length >= count) resolve(resolutions);
        };
        onResolution();
      });
      return withTimeout(arrived, DEFAULT_WAIT_MS, `${count} resolved event(s) did not arrive`);
    },
    next(timeoutMs = DEFAULT_WAIT_MS) {
      const ready = queued.shift();
      if (ready) return Promise.resolve(ready);
      return withTimeout(new Promise<PushRequest>((resolve) => waiters.push(resolve)), timeoutMs, 'no push request arrived');
    },
    stop,
  };
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A fetch that remembers the status of every answer, for library calls that do not return one. */
export function recordingFetch(): { fetch: FetchLike; statuses: { method: string; url: string; status: number }[] } {
  const statuses: { method: string; url: string; status: number }[] = [];
  return {
    statuses,
    async fetch(input, init) {
      const response = await fetch(input, init);
      statuses.push({ method: init?.method ?? 'GET', url: input, status: response.status });
      return response;
    },
  };
}

/** The `tessera` CLI as a user runs it: `node bin/tessera.mjs …`, its data in `home`. */
export interface CliRun {
  /** Resolves once stderr has printed a line matching `pattern`. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
  kill(): void;
}

export function runCli(args: string[], home: string): CliRun {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    env: { ...process.env, TESSERA_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const watcher of watchers.filter((candidate) => candidate.pattern.test(stderr))) {
      watchers.splice(watchers.indexOf(watcher), 1);
      watcher.resolve();
    }
  });
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return {
    waitForStderr(pattern, timeoutMs = CLI_START_MS) {
      if (pattern.test(stderr)) return Promise.resolve();
      const seen = new Promise<void>((resolve) => watchers.push({ pattern, resolve }));
      const ended = exited.then(({ code }) => {
        throw new Error(`the CLI exited (${code}) before printing ${pattern}: ${stderr}`);
      });
      return withTimeout(Promise.race([seen, ended]), timeoutMs, `the CLI did not print ${pattern}`);
    },
    exited: withTimeout(exited, CLI_START_MS * 2, 'the CLI did not exit'),
    kill: () => void child.kill(),
  };
}

/** The device approves a new login by number over its stream; the login's mfa-oob poll answer. */
export async function approveLoginOnStream(server: PushTessera, client: TestClient, device: TestDevice, email: string) {
  const stream = listen(server, device);
  try {
    await stream.opened();
    const login = await startPushLogin(server, client, email);
    await approve(device.account, await stream.next(), { keyStore: device.keyStore, number: login.number });
    return await pollOob(server, client, login.mfaToken, login.oobCode);
  } finally {
    await stream.stop();
  }
}
