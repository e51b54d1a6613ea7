import { existsSync, readFileSync } from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { queryRows } from './db.js';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { GRANT_TYPES } from '../../server/grants/types.js';
import {
  createClient,
  createUser,
  enableMfa,
  ISSUER,
  json,
  loginForMfaToken,
  oathtool,
  tokenRequest,
  type TestClient,
  type TestServer,
} from './server.js';

/** Helpers for the MFA API tests: one function per wire call, plus direct (read-only) database views. */

export interface MfaTenant {
  client: TestClient;
  user: { user_id: string; email: string };
}

/** OTP and recovery codes on, MFA for every application, one confidential client and ada@example.com. */
export async function mfaTenant(app: FastifyInstance): Promise<MfaTenant> {
  await enableMfa(app);
  const client = await createClient(app);
  const user = await createUser(app);
  return { client, user };
}

function bearer(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { authorization: `Bearer ${token}` };
}

export function associate(app: FastifyInstance, token: string | undefined, body: unknown = { authenticator_types: ['otp'] }): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/mfa/associate',
    headers: { ...bearer(token), 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
}

export function challenge(app: FastifyInstance, body: Record<string, unknown>): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/mfa/challenge', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
}

export function listAuthenticators(app: FastifyInstance, token: string | undefined): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url: '/mfa/authenticators', headers: bearer(token) });
}

/** The id is URL-encoded (`|` → `%7C`), as the SDKs do (https://auth0.com/docs/api/authentication/multi-factor-authentication/delete-authenticator). */
export function deleteAuthenticator(app: FastifyInstance, token: string | undefined, id: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'DELETE', url: `/mfa/authenticators/${encodeURIComponent(id)}`, headers: bearer(token) });
}

export function otpGrant(app: FastifyInstance, client: TestClient, mfaToken: string, otp: string): Promise<LightMyRequestResponse> {
  return tokenRequest(app, { grant_type: GRANT_TYPES.mfaOtp, client_id: client.client_id, client_secret: client.client_secret, mfa_token: mfaToken, otp });
}

export function recoveryGrant(app: FastifyInstance, client: TestClient, mfaToken: string, recoveryCode: string): Promise<LightMyRequestResponse> {
  return tokenRequest(app, {
    grant_type: GRANT_TYPES.mfaRecoveryCode,
    client_id: client.client_id,
    client_secret: client.client_secret,
    mfa_token: mfaToken,
    recovery_code: recoveryCode,
  });
}

/**
 * An MFA-audience access token (https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authenticator-factors-mfa-api): password login with audience `${ISSUER}mfa/`, then
 * the OTP of the user's confirmed authenticator. Moves the clock one step on so the next code is fresh.
 */
export async function mfaAccessToken(server: TestServer, client: TestClient, secret: string, scope: string, email = 'ada@example.com'): Promise<string> {
  const mfaToken = await loginForMfaToken(server.app, client, { audience: `${ISSUER}mfa/`, scope }, email);
  const response = await otpGrant(server.app, client, mfaToken, oathtool(secret, server.clock.now()));
  if (response.statusCode !== 200) throw new Error(`mfa access token: ${response.body}`);
  server.clock.advance(30_000);
  return (json(response) as { access_token: string }).access_token;
}

export async function verifyJwt(app: FastifyInstance, token: string, nowMs: number, audience?: string): Promise<JWTPayload> {
  const jwks = json(await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })) as JSONWebKeySet;
  const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
    issuer: ISSUER,
    algorithms: ['RS256'],
    currentDate: new Date(nowMs),
    ...(audience === undefined ? {} : { audience }),
  });
  return payload;
}

export interface AuthenticatorDbRow {
  id: string;
  user_id: string;
  kind: string;
  active: number;
  secret_enc: string | null;
  code_digest: string | null;
}

export interface LogDbRow {
  type: string;
  user_id: string | null;
  client_id: string | null;
  description: string | null;
  details: string;
}

export function authenticatorRows(server: { dbPath: string }): Promise<AuthenticatorDbRow[]> {
  return queryRows<AuthenticatorDbRow>(server, 'SELECT id, user_id, kind, CAST(active AS INTEGER) AS active, secret_enc, code_digest FROM authenticators ORDER BY id');
}

export function logRows(server: { dbPath: string }): Promise<LogDbRow[]> {
  return queryRows<LogDbRow>(server, 'SELECT type, user_id, client_id, description, details FROM logs ORDER BY seq');
}

/** The SQLite database file and its WAL, as raw bytes (what a thief copying the files would get). */
export function databaseBytes(dbPath: string): Buffer {
  const files = [dbPath, `${dbPath}-wal`, `${dbPath}-journal`].filter((file) => existsSync(file));
  return Buffer.concat(files.map((file) => readFileSync(file)));
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 decoding (test-side, independent of the server's encoder). */
export function base32Decode(text: string): Buffer {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text.replace(/=+$/, '')) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
