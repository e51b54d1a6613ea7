import type { CodeDelivery } from '../../server/delivery/types.js';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { execFileSync } from 'node:child_process';
import { buildServer } from '../../server/app.js';
import { bootstrapTenant } from '../../server/bootstrap.js';
import { DEFAULT_BODY_LIMIT, type ServerConfig } from '../../server/config.js';
import type { ServerDeps } from '../../server/deps.js';
import { createOutboxDelivery } from '../../server/delivery/outbox.js';
import { systemRandom } from '../../server/crypto/random.js';
import { createSecretBox } from '../../server/crypto/secret-box.js';
import { openTestStore } from './db.js';
import { TEST_ENGINE, type TestEngine } from './test-engine.js';
import { GRANT_TYPES } from '../../server/grants/types.js';
import { fixedClock, type FixedClock } from './clock.js';
import { TEST_KDF, testSigningKeyPair } from './test-crypto.js';

export const ISSUER = 'https://tessera.test/';
export const MGMT_AUDIENCE = `${ISSUER}api/v2/`;
export const MFA_AUDIENCE = `${ISSUER}mfa/`;
export const ADMIN = { clientId: 'admin-client-0000000000000000000', clientSecret: 'admin-secret-that-is-long-enough-0000000000' };
export const PASSWORD = 'correct horse battery staple';
export const TENANT_NAME = 'Tessera Test';

export interface TestServerOptions {
  clock?: FixedClock;
  /** ServerDeps.codeDelivery: where one-time codes go instead of the configured provider. */
  codeDelivery?: CodeDelivery;
  /** Reuse a database (an earlier server's `dbPath`, to test restarts); defaults to a fresh one. */
  dbPath?: string;
  /**
   * The engine of a fresh database: TESSERA_TEST_STORE's (test/helpers/test-engine.ts) unless a test is
   * about one engine itself (the SQLite file on disk) and names it.
   */
  engine?: TestEngine;
  dataKey?: Buffer;
  /** Defaults to ISSUER, so the `mgmt`/`tokenRequest` helpers apply; a listening test names its port. */
  issuer?: string;
  mail?: ServerConfig['mail'];
  /** Socket timeouts and caps, short ones for the tests that wait for them. */
  http?: ServerConfig['http'];
  /** Fastify's logger option (silent by default), for the tests that read what the server logs. */
  logger?: ServerDeps['logger'];
  /** Log streams' fetch and timers (tests fire retries by hand) and how long failing takes to suspend. */
  logStreamIo?: ServerDeps['logStreamIo'];
  logStreamSuspendAfterS?: number;
  /** A small import file limit, for the test of an oversized users file. */
  importFileLimit?: number;
  /** ServerDeps.deliveryIo: the webhook's waits between attempts and the providers' timeout, injected. */
  deliveryIo?: ServerDeps['deliveryIo'];
  /** One-time codes go to the developer outbox (`codeDelivery`), as with TESSERA_DELIVERY=outbox. */
  outbox?: boolean;
}

export interface TestServer {
  app: FastifyInstance;
  clock: FixedClock;
  /** Where the database is: the SQLite file, or on PostgreSQL the database's URL (queryRows reads either). */
  dbPath: string;
  dataKey: Buffer;
  /** The developer outbox, when `outbox` was asked for: what the server sends its codes through. */
  codeDelivery?: CodeDelivery;
  /** Removes the temp folder (or gives the PostgreSQL database back) too, unless `keepFiles` (to restart on the same database). */
  close(options?: { keepFiles?: boolean }): Promise<void>;
}

/** A fresh, bootstrapped server on a fresh database of the test run's engine, with a fixed clock. Never listens. */
export async function buildTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const clock = options.clock ?? fixedClock();
  const dataKey = options.dataKey ?? randomBytes(32);
  const { store, location: dbPath, release } = await openTestStore(options.engine ?? TEST_ENGINE, options.dbPath);
  const secrets = createSecretBox(dataKey, systemRandom);
  const signingKeyPair = await testSigningKeyPair();
  await bootstrapTenant({ store, secrets, clock, random: systemRandom, tenantName: TENANT_NAME, admin: ADMIN, signingKeyPair });
  const config: ServerConfig = {
    issuer: options.issuer ?? ISSUER,
    tenantName: TENANT_NAME,
    bodyLimit: DEFAULT_BODY_LIMIT,
    ...(options.mail ? { mail: options.mail } : {}),
    ...(options.http ? { http: options.http } : {}),
    ...(options.logStreamSuspendAfterS ? { logStreamSuspendAfterS: options.logStreamSuspendAfterS } : {}),
    ...(options.importFileLimit ? { importFileLimit: options.importFileLimit } : {}),
  };
  const codeDelivery = options.codeDelivery ?? (options.outbox ? createOutboxDelivery({ store, secrets, clock, random: systemRandom }) : undefined);
  const app = await buildServer({
    store, clock, random: systemRandom, secrets, config, kdf: TEST_KDF,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.logStreamIo ? { logStreamIo: options.logStreamIo } : {}),
    ...(codeDelivery ? { codeDelivery } : {}),
    ...(options.deliveryIo ? { deliveryIo: options.deliveryIo } : {}),
  });
  await app.ready();
  let closed = false;
  return {
    app,
    clock,
    dbPath,
    dataKey,
    ...(codeDelivery ? { codeDelivery } : {}),
    // Twice is a no-op, as on SQLite: a PostgreSQL pool refuses a second end.
    async close({ keepFiles = false } = {}) {
      if (closed) return;
      closed = true;
      await app.close();
      await store.close();
      release({ keep: keepFiles });
    },
  };
}

export function json(response: LightMyRequestResponse): unknown {
  return JSON.parse(response.body) as unknown;
}

/** POST /oauth/token as a form, the way the docs send it. */
export function tokenRequest(app: FastifyInstance, params: Record<string, string>): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(params).toString(),
  });
}

export async function managementToken(app: FastifyInstance, scope?: string): Promise<string> {
  const response = await tokenRequest(app, {
    grant_type: 'client_credentials',
    client_id: ADMIN.clientId,
    client_secret: ADMIN.clientSecret,
    audience: MGMT_AUDIENCE,
    ...(scope === undefined ? {} : { scope }),
  });
  if (response.statusCode !== 200) throw new Error(`management token: ${response.body}`);
  return (json(response) as { access_token: string }).access_token;
}

/** Calls the Management API with the admin token (or the one given). */
export async function mgmt(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
  token?: string,
): Promise<LightMyRequestResponse> {
  const bearer = token ?? (await managementToken(app));
  return app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}

export const ALL_USER_GRANTS = [
  GRANT_TYPES.password,
  GRANT_TYPES.passwordRealm,
  GRANT_TYPES.refreshToken,
  GRANT_TYPES.mfaOtp,
  GRANT_TYPES.mfaOob,
  GRANT_TYPES.mfaRecoveryCode,
];

export interface TestClient {
  client_id: string;
  client_secret: string;
}

export async function createClient(app: FastifyInstance, grantTypes: string[] = ALL_USER_GRANTS, name = 'Test App'): Promise<TestClient> {
  const response = await mgmt(app, 'POST', '/api/v2/clients', { name, grant_types: grantTypes });
  if (response.statusCode !== 201) throw new Error(`create client: ${response.body}`);
  return json(response) as TestClient;
}

export async function createUser(app: FastifyInstance, email = 'ada@example.com', password = PASSWORD): Promise<{ user_id: string; email: string }> {
  const response = await mgmt(app, 'POST', '/api/v2/users', { connection: 'Username-Password-Authentication', email, password });
  if (response.statusCode !== 201) throw new Error(`create user: ${response.body}`);
  return json(response) as { user_id: string; email: string };
}

/** Enables OTP and recovery codes and makes MFA required for every application. */
export async function enableMfa(app: FastifyInstance): Promise<void> {
  const token = await managementToken(app);
  for (const factor of ['otp', 'recovery-code']) await mgmt(app, 'PUT', `/api/v2/guardian/factors/${factor}`, { enabled: true }, token);
  await mgmt(app, 'PUT', '/api/v2/guardian/policies', ['all-applications'], token);
}

/** Password login expected to answer mfa_required; returns the mfa_token. */
export async function loginForMfaToken(app: FastifyInstance, client: TestClient, extra: Record<string, string> = {}, email = 'ada@example.com'): Promise<string> {
  const response = await tokenRequest(app, {
    grant_type: 'password',
    client_id: client.client_id,
    client_secret: client.client_secret,
    username: email,
    password: PASSWORD,
    ...extra,
  });
  const body = json(response) as { error?: string; mfa_token?: string };
  if (body.error !== 'mfa_required' || !body.mfa_token) throw new Error(`expected mfa_required: ${response.body}`);
  return body.mfa_token;
}

/** The independent TOTP oracle: `oathtool` (apt), never the server's own code. */
export function oathtool(secret: string, atMs: number, options: { algorithm?: string; digits?: number; period?: number } = {}): string {
  const args = [
    `--totp=${options.algorithm ?? 'SHA1'}`,
    '-b',
    '-d',
    String(options.digits ?? 6),
    '-s',
    `${options.period ?? 30}s`,
    '-N',
    `@${Math.floor(atMs / 1000)}`,
    secret,
  ];
  return execFileSync('oathtool', args, { encoding: 'utf8' }).trim();
}

export interface Enrollment {
  mfaToken: string;
  secret: string;
  recoveryCode: string | undefined;
  authenticatorId: string;
}

/** A user enrolled with a confirmed TOTP authenticator (associate + first code), clock moved past that step. */
export async function enrollOtp(server: TestServer, client: TestClient, email = 'ada@example.com'): Promise<Enrollment> {
  const { app, clock } = server;
  const mfaToken = await loginForMfaToken(app, client, {}, email);
  const associate = await app.inject({
    method: 'POST',
    url: '/mfa/associate',
    headers: { authorization: `Bearer ${mfaToken}`, 'content-type': 'application/json' },
    payload: { authenticator_types: ['otp'] },
  });
  const { secret, recovery_codes: codes } = json(associate) as { secret: string; recovery_codes?: string[] };
  const confirm = await tokenRequest(app, {
    grant_type: GRANT_TYPES.mfaOtp,
    client_id: client.client_id,
    client_secret: client.client_secret,
    mfa_token: mfaToken,
    otp: oathtool(secret, clock.now()),
  });
  if (confirm.statusCode !== 200) throw new Error(`confirm otp: ${confirm.body}`);
  const list = await app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${mfaToken}` } });
  const otp = (json(list) as { id: string; authenticator_type: string }[]).find((a) => a.authenticator_type === 'otp');
  clock.advance(30_000);
  return { mfaToken, secret, recoveryCode: codes?.[0], authenticatorId: otp?.id ?? '' };
}
