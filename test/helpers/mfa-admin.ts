import { expect } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { AUDIT_LOG_TABLES, queryRows, tableSnapshot } from './db.js';
import { MANAGEMENT_SCOPES } from '../../server/scopes.js';
import {
  ADMIN,
  ALL_USER_GRANTS,
  json,
  managementToken,
  mgmt,
  oathtool,
  PASSWORD,
  type TestClient,
  type TestServer,
} from './server.js';

/**
 * Helpers for the MFA administration tests (logs, enrollments, authentication methods, jobs,
 * tickets): one admin token per test so the audit log holds exactly what the test did.
 */

/** The fixed clock's start (test/helpers/clock.ts). */
export const T0_MS = Date.UTC(2026, 10, 23, 12, 0, 0);
export const T0 = '2026-11-23T12:00:00.000Z';
export const iso = (ms: number) => new Date(ms).toISOString();

export const ADMIN_CLIENT_NAME = 'Tessera Admin (Management API)';
const CONNECTION = 'Username-Password-Authentication';
/** What `app.inject()` reports as the caller. */
export const INJECT_ORIGIN = { ip: '127.0.0.1', user_agent: 'lightMyRequest' };

/** The `gd_unenroll` entry GET /api/v2/logs shows after the admin client removed `enrollmentId` of `user` at `atMs`. */
export function adminUnenrollLog(user: { user_id: string; email: string }, enrollmentId: string, atMs: number) {
  return {
    log_id: expect.stringMatching(/^\d{15}[0-9a-f]{16}$/),
    date: iso(atMs),
    type: 'gd_unenroll',
    description: 'Unenroll device account',
    client_id: ADMIN.clientId,
    client_name: ADMIN_CLIENT_NAME,
    ...INJECT_ORIGIN,
    user_id: user.user_id,
    user_name: user.email,
    details: { enrollment: { _id: enrollmentId, user_id: user.user_id }, initiator: 'admin' },
  };
}

/** A link id (https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authenticator-factors-mfa-api): `dev_` + 16 alphanumerics, shared by linked authenticators. */
export const LINK_ID = /^dev_[A-Za-z0-9]{16}$/;

/** Reason phrases written out here, not read from the server, so the tests stay an independent oracle. */
const REASON: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict' };

/** The Management API error body (https://auth0.com/docs/api/management/v2). */
export function mgmtError(statusCode: number, errorCode: string, message: string) {
  const error = REASON[statusCode];
  if (!error) throw new Error(`no reason phrase for ${statusCode}`);
  return { statusCode, error, message, errorCode };
}

export const USER_NOT_FOUND = mgmtError(404, 'inexistent_user', 'The user does not exist.');
export const invalidBody = (detail: string) => mgmtError(400, 'invalid_body', `Payload validation error: ${detail}.`);
export const invalidQuery = (detail: string) => mgmtError(400, 'invalid_query_string', `Query validation error: ${detail}.`);
export const insufficientScope = (...scopes: string[]) => mgmtError(403, 'insufficient_scope', `Insufficient scope; expected any of: ${scopes.join(',')}.`);

/** Every Management API scope but `excluded`, as a `scope` parameter. */
export function scopesExcept(...excluded: string[]): string {
  return MANAGEMENT_SCOPES.filter((scope) => !excluded.includes(scope)).join(' ');
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type AdminCall = (method: Method, url: string, body?: unknown) => Promise<LightMyRequestResponse>;

/** A Management API caller bound to one admin token (fetched once: one `seccft` log line). */
export async function adminApi(app: FastifyInstance, scope?: string): Promise<AdminCall> {
  const token = await managementToken(app, scope);
  return (method, url, body) => mgmt(app, method, url, body, token);
}

/** The body of a response expected to have `status`; throws with the body otherwise (a setup step failed). */
export function expectStatus<T = unknown>(response: LightMyRequestResponse, status: number): T {
  if (response.statusCode !== status) throw new Error(`expected ${status}, got ${response.statusCode}: ${response.body}`);
  return (response.body === '' ? undefined : json(response)) as T;
}

export interface SeededUser {
  user_id: string;
  email: string;
}

export async function seedUser(admin: AdminCall, email: string, extra: Record<string, unknown> = {}): Promise<SeededUser> {
  return expectStatus<SeededUser>(await admin('POST', '/api/v2/users', { connection: CONNECTION, email, password: PASSWORD, ...extra }), 201);
}

export async function seedClient(admin: AdminCall, name = 'Test App'): Promise<TestClient & { name: string }> {
  return expectStatus(await admin('POST', '/api/v2/clients', { name, grant_types: ALL_USER_GRANTS }), 201);
}

/** OTP and recovery codes on, MFA for every application. */
export async function turnOnMfa(admin: AdminCall, factors: string[] = ['otp', 'recovery-code']): Promise<void> {
  for (const factor of factors) expectStatus(await admin('PUT', `/api/v2/guardian/factors/${factor}`, { enabled: true }), 200);
  expectStatus(await admin('PUT', '/api/v2/guardian/policies', ['all-applications']), 200);
}

/** Where the MFA-admin tests start: MFA required for every application, one client, and Ada. */
export async function seedMfaTenant(server: TestServer): Promise<{ admin: AdminCall; client: TestClient; ada: SeededUser }> {
  const admin = await adminApi(server.app);
  await turnOnMfa(admin);
  const client = await seedClient(admin);
  return { admin, client, ada: await seedUser(admin, 'ada@example.com') };
}

/** The mfa-otp grant, as the MFA tests send it. */
export { otpGrant } from './mfa.js';

/** A six-digit code that no step within a minute of `atMs` produces for `secret`. */
export function wrongCode(secret: string, atMs: number): string {
  const near = new Set([-60_000, -30_000, 0, 30_000, 60_000].map((delta) => oathtool(secret, atMs + delta)));
  for (let n = 0; ; n += 1) {
    const candidate = String((123_456 + n * 7919) % 1_000_000).padStart(6, '0');
    if (!near.has(candidate)) return candidate;
  }
}

export interface MfaAuthenticator {
  id: string;
  authenticator_type: string;
  active: boolean;
}

export async function mfaAuthenticators(app: FastifyInstance, mfaToken: string): Promise<MfaAuthenticator[]> {
  return expectStatus(await app.inject({ method: 'GET', url: '/mfa/authenticators', headers: { authorization: `Bearer ${mfaToken}` } }), 200);
}


/** Every row of every table (the audit log too unless told otherwise): to show a refused request changed nothing. */
export function snapshot(server: TestServer, options: { logs?: boolean } = {}): Promise<Record<string, unknown[]>> {
  return tableSnapshot(server, { except: options.logs === false ? AUDIT_LOG_TABLES : [] });
}

export interface AuthenticatorRowView {
  id: string;
  user_id: string;
  kind: string;
  link_id: string;
  active: number;
}

export function authenticatorRows(server: TestServer, userId?: string): Promise<AuthenticatorRowView[]> {
  const sql = 'SELECT id, user_id, kind, link_id, CAST(active AS INTEGER) AS active FROM authenticators';
  return userId === undefined ? queryRows(server, `${sql} ORDER BY id`) : queryRows(server, `${sql} WHERE user_id = $1 ORDER BY id`, userId);
}

/** Audit rows (type, description, user, client, parsed details), oldest first. */
export async function auditRows(server: TestServer, ...types: string[]) {
  return (await queryRows<{ type: string; description: string | null; user_id: string | null; client_id: string | null; details: string }>(
    server,
    'SELECT type, description, user_id, client_id, details FROM logs ORDER BY seq',
  ))
    .filter((row) => types.length === 0 || types.includes(row.type))
    .map((row) => ({ ...row, details: JSON.parse(row.details) as unknown }));
}

/** A form POST to the enrollment pages, with the session cookie when given. */
export function formPost(app: FastifyInstance, url: string, fields: Record<string, string>, cookie?: string): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie === undefined ? {} : { cookie }) },
    payload: new URLSearchParams(fields).toString(),
  });
}

/** The first capture group of `pattern` in `text`; throws when absent. */
export function capture(text: string, pattern: RegExp): string {
  const match = pattern.exec(text);
  if (!match?.[1]) throw new Error(`no match for ${pattern}`);
  return match[1];
}

/** `name=value` of the first Set-Cookie header, to send back. */
export function cookiePair(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  if (!first) throw new Error('no Set-Cookie header');
  return first.split(';')[0] ?? '';
}

/** Polls GET /jobs/{id} (yielding to the job runner between polls) until the job completes. */
export async function waitForJob(admin: AdminCall, id: string, maxPolls = 500): Promise<Record<string, unknown>> {
  for (let poll = 0; poll < maxPolls; poll += 1) {
    const job = expectStatus<Record<string, unknown>>(await admin('GET', `/api/v2/jobs/${id}`), 200);
    if (job.status === 'completed') return job;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`job ${id} did not complete`);
}
