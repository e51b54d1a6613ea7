import { randomBytes } from 'node:crypto';
import { bcrypt } from 'hash-wasm';
import { expectStatus } from './pool.js';
import type { TesseraProcess } from './tessera-process.js';

/**
 * Tenants seeded as an operator would: users through `POST /api/v2/jobs/users-imports` (Auth0's bulk
 * import format), clients and MFA policies through the Management API.
 */

export const BENCH_PASSWORD = 'correct horse battery staple';
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const JOB_POLL_MS = 200;
/** 100,000 users take 30–60 s on SQLite, and several minutes on PostgreSQL on a busy machine (bench/README.md). */
const JOB_TIMEOUT_MS = 900_000;

export interface SeededUser {
  userId: string;
  email: string;
  /** Base32 TOTP seed, for half of the users (even numbers). */
  totpSecret?: string;
}

/** 32 Base32 characters: a 20-byte seed, the size Tessera itself issues. */
function totpSecret(): string {
  return Array.from(randomBytes(32), (byte) => BASE32[byte & 31]).join('');
}

/**
 * bcrypt at cost 4 (the least it allows): a user's first good login verifies it in about a millisecond and
 * then replaces it with Tessera's scrypt (an imported hash is rehashed after the first login), so setting
 * up N logged-in users costs N production hashes, not 2N.
 */
export async function cheapImportedHash(): Promise<string> {
  return bcrypt({ password: BENCH_PASSWORD, salt: randomBytes(16), costFactor: 4, outputType: 'encoded' });
}

export function benchUsers(count: number, prefix: string): SeededUser[] {
  return Array.from({ length: count }, (_, n) => ({
    userId: `auth0|${prefix}${n}`,
    email: `${prefix}${n}@bench.example`,
    ...(n % 2 === 0 ? { totpSecret: totpSecret() } : {}),
  }));
}

function usersFile(users: SeededUser[], passwordHash: string): string {
  return JSON.stringify(
    users.map((user) => ({
      email: user.email,
      email_verified: true,
      user_id: user.userId.slice('auth0|'.length),
      password_hash: passwordHash,
      ...(user.totpSecret ? { mfa_factors: [{ totp: { secret: user.totpSecret } }] } : {}),
    })),
  );
}

async function managementFetch(server: TesseraProcess, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = { authorization: `Bearer ${await server.managementToken()}`, ...(init.headers as Record<string, string> | undefined) };
  return fetch(new URL(path, server.url), { ...init, headers });
}

/** Uploads the users and waits (bounded) for the import job to finish with every user inserted. */
export async function importUsers(server: TesseraProcess, users: SeededUser[]): Promise<void> {
  const file = usersFile(users, await cheapImportedHash());
  const connections = (await expectStatus(await managementFetch(server, 'api/v2/connections'), 200, 'connections')) as { id: string }[];
  const form = new FormData();
  form.append('users', new Blob([file], { type: 'application/json' }), 'users.json');
  form.append('connection_id', connections[0]?.id ?? '');
  const job = (await expectStatus(await managementFetch(server, 'api/v2/jobs/users-imports', { method: 'POST', body: form }), 202, 'users-imports')) as { id: string };
  const deadline = performance.now() + JOB_TIMEOUT_MS;
  for (;;) {
    const status = (await expectStatus(await managementFetch(server, `api/v2/jobs/${job.id}`), 200, 'job status')) as { status: string; summary?: { inserted?: number } };
    if (status.status === 'completed') {
      if (status.summary?.inserted !== users.length) throw new Error(`import inserted ${JSON.stringify(status.summary)} of ${users.length}`);
      return;
    }
    if (status.status !== 'pending' && status.status !== 'processing') throw new Error(`import job ${status.status}`);
    if (performance.now() > deadline) throw new Error('import job did not finish in time');
    await new Promise((resolve) => setTimeout(resolve, JOB_POLL_MS));
  }
}

export interface BenchClient {
  client_id: string;
  client_secret: string;
}

/** A confidential application allowed the password and mfa-otp grants. */
export async function createLoginClient(server: TesseraProcess): Promise<BenchClient> {
  const body = { name: 'Bench App', app_type: 'regular_web', grant_types: ['password', 'http://auth0.com/oauth/grant-type/mfa-otp'] };
  const response = await managementFetch(server, 'api/v2/clients', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await expectStatus(response, 201, 'create client')) as BenchClient;
}

/** The OTP factor on, and MFA for every login (Auth0's `all-applications` policy). */
export async function requireOtpForAll(server: TesseraProcess): Promise<void> {
  const factor = await managementFetch(server, 'api/v2/guardian/factors/otp', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enabled: true }) });
  await expectStatus(factor, 200, 'enable the otp factor');
  const response = await managementFetch(server, 'api/v2/guardian/policies', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(['all-applications']) });
  await expectStatus(response, 200, 'guardian policies');
}

export function tokenRequest(server: Pick<TesseraProcess, 'url'>, body: Record<string, string>): Promise<Response> {
  return fetch(new URL('oauth/token', server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** The password grant for a user under an MFA policy: its 403 `mfa_required` carries the mfa_token. */
export async function mfaToken(server: TesseraProcess, client: BenchClient, user: SeededUser): Promise<string> {
  const response = await tokenRequest(server, { grant_type: 'password', ...client, username: user.email, password: BENCH_PASSWORD, scope: 'openid' });
  return ((await expectStatus(response, 403, `password grant for ${user.email}`)) as { mfa_token: string }).mfa_token;
}
