import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { AUDIT_LOG_TABLES, queryRows, tableSnapshot } from './db.js';
import { recoveryGrant } from './mfa.js';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { GRANT_TYPES } from '../../server/grants/types.js';
import { MANAGEMENT_SCOPES } from '../../server/scopes.js';
import {
  createClient,
  createUser,
  enableMfa,
  enrollOtp,
  json,
  loginForMfaToken,
  mgmt,
  MGMT_AUDIENCE,
  tokenRequest,
  type Enrollment,
  type TestClient,
  type TestServer,
} from './server.js';

/** Helpers for the Management API tests: wire calls, error bodies, and read-only views of the database. */

export const DATABASE_CONNECTION = 'Username-Password-Authentication';
export const ADMIN_CLIENT_NAME = 'Tessera Admin (Management API)';

/** The reason phrases written out here, not taken from the server, so the tests stay an independent oracle. */
const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  431: 'Request Header Fields Too Large',
};

export interface ManagementErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errorCode: string;
}

/** The Management API error body (https://auth0.com/docs/api/management/v2): `{ statusCode, error, message, errorCode }`. */
export function mgmtError(statusCode: number, errorCode: string, message: string): ManagementErrorBody {
  const error = REASON[statusCode];
  if (!error) throw new Error(`no reason phrase for ${statusCode}`);
  return { statusCode, error, message, errorCode };
}

export const invalidBody = (detail: string) => mgmtError(400, 'invalid_body', `Payload validation error: ${detail}.`);
export const invalidQuery = (detail: string) => mgmtError(400, 'invalid_query_string', `Query validation error: ${detail}.`);
export const insufficientScope = (scope: string) =>
  mgmtError(403, 'insufficient_scope', `Insufficient scope; expected any of: ${scope}.`);
export const USER_NOT_FOUND = mgmtError(404, 'inexistent_user', 'The user does not exist.');
export const CLIENT_NOT_FOUND = mgmtError(404, 'inexistent_client', 'The client does not exist.');

/** Every Management API scope except `excluded`, space-separated for the `scope` parameter. */
export function scopesExcept(...excluded: string[]): string {
  return MANAGEMENT_SCOPES.filter((scope) => !excluded.includes(scope)).join(' ');
}

/** A Management API request with a raw payload and content type (for malformed and oversized bodies). */
export function mgmtRaw(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  token: string | undefined,
  payload?: string,
  contentType?: string,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(contentType === undefined ? {} : { 'content-type': contentType }),
    },
    ...(payload === undefined ? {} : { payload }),
  });
}

/** The same header and claims as `genuine`, signed by a fresh RSA key the server has never seen. */
export async function forgeToken(genuine: string): Promise<string> {
  const header = decodeProtectedHeader(genuine);
  const claims = decodeJwt(genuine);
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT(claims).setProtectedHeader({ ...header, alg: 'RS256' }).sign(privateKey);
}

/** `genuine` with its payload replaced (the original signature kept). */
export function tamperToken(genuine: string, claims: Record<string, unknown>): string {
  const [header, payload, signature] = genuine.split('.');
  const merged = { ...(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as object), ...claims };
  return [header, Buffer.from(JSON.stringify(merged)).toString('base64url'), signature].join('.');
}

/** An unsigned (`alg: none`) token carrying `genuine`'s claims. */
export function unsignedToken(genuine: string): string {
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  const payload = genuine.split('.')[1] ?? '';
  return `${header}.${payload}.`;
}

export interface MachineClient extends TestClient {
  grant_id: string;
}

/** A client_credentials application granted `scope` on the Management API. */
export async function createMachineClient(app: FastifyInstance, scope: string[], name = 'Machine'): Promise<MachineClient> {
  const client = await createClient(app, [GRANT_TYPES.clientCredentials], name);
  const grant = await mgmt(app, 'POST', '/api/v2/client-grants', { client_id: client.client_id, audience: MGMT_AUDIENCE, scope });
  if (grant.statusCode !== 201) throw new Error(`create client grant: ${grant.body}`);
  return { ...client, grant_id: (json(grant) as { id: string }).id };
}

/** client_credentials for the Management API, as `client` (the whole response, to assert on). */
export function clientCredentials(app: FastifyInstance, client: TestClient, scope?: string): Promise<LightMyRequestResponse> {
  return tokenRequest(app, {
    grant_type: GRANT_TYPES.clientCredentials,
    client_id: client.client_id,
    client_secret: client.client_secret,
    audience: MGMT_AUDIENCE,
    ...(scope === undefined ? {} : { scope }),
  });
}

export interface EnrolledTenant {
  client: TestClient;
  user: { user_id: string; email: string };
  enrollment: Enrollment;
}

/** MFA on for all applications, one application, and ada@example.com enrolled with a confirmed OTP. */
export async function enrolledTenant(server: TestServer): Promise<EnrolledTenant> {
  await enableMfa(server.app);
  const client = await createClient(server.app);
  const user = await createUser(server.app);
  const enrollment = await enrollOtp(server, client);
  return { client, user, enrollment };
}

/** A fresh password login answered by the mfa-recovery-code grant. */
export async function recoveryCodeLogin(app: FastifyInstance, client: TestClient, recoveryCode: string, email = 'ada@example.com'): Promise<LightMyRequestResponse> {
  return recoveryGrant(app, client, await loginForMfaToken(app, client, {}, email), recoveryCode);
}

export interface AuditRow {
  type: string;
  description: string | null;
  client_id: string | null;
  client_name: string | null;
  user_id: string | null;
  user_name: string | null;
  details: unknown;
}

/** Audit rows of the given types, oldest first, with `details` parsed. */
export async function auditRows(server: TestServer, ...types: string[]): Promise<AuditRow[]> {
  return (await queryRows<AuditRow & { details: string }>(server, 'SELECT type, description, client_id, client_name, user_id, user_name, details FROM logs ORDER BY seq'))
    .filter((row) => types.length === 0 || types.includes(row.type))
    .map((row) => ({ ...row, details: JSON.parse(row.details) as unknown }));
}

/** Every row of every table but the audit log: to show a refused request changed nothing. */
export function stateSnapshot(server: TestServer): Promise<Record<string, unknown[]>> {
  return tableSnapshot(server, { except: AUDIT_LOG_TABLES });
}

export async function userCount(server: TestServer): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(server, 'SELECT COUNT(*) AS n FROM users');
  // PostgreSQL's COUNT is a BIGINT, which pg hands out as text outside the store's own pool.
  return Number(row?.n ?? 0);
}
