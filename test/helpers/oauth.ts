import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTHeaderParameters } from 'jose';
import { ISSUER, json, mgmt, PASSWORD, type TestClient, type TestServer } from './server.js';

/** POST /oauth/token with a JSON body (any value, so tests can send arrays and wrong types). */
export function tokenJson(app: FastifyInstance, body: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(body),
  });
}

/** POST /oauth/token with a raw body and content type, for malformed and oversized requests. */
export function tokenRaw(app: FastifyInstance, payload: string, contentType?: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { ...(contentType === undefined ? {} : { 'content-type': contentType }), ...headers },
    payload,
  });
}

/** The `{ error, error_description }` wire shape of every OAuth error. */
/**
 * What a 429 of a bucket of `limit` tokens carries when its next token comes at `nextTokenAtMs`
 * (server/services/rate-limits.ts `rateLimited`): Auth0's X-RateLimit-* headers, the reset in epoch seconds.
 */
export function rateLimitHeaders(limit: number, nextTokenAtMs: number): Record<string, string> {
  return { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(nextTokenAtMs / 1000)) };
}

export function oauthError(error: string, description: string): { error: string; error_description: string } {
  return { error, error_description: description };
}

/** `Authorization: Basic` per RFC 6749 §2.3.1 (each half form-urlencoded before base64). */
export function basicAuth(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
}

/** Password-grant parameters for `client` and the default test user. */
export function passwordParams(client: TestClient, extra: Record<string, string> = {}, username = 'ada@example.com'): Record<string, string> {
  return { grant_type: 'password', client_id: client.client_id, client_secret: client.client_secret, username, password: PASSWORD, ...extra };
}

/** Creates an application with any Management API client body (auth method, app type…). */
export async function createClientWith(app: FastifyInstance, body: Record<string, unknown>): Promise<TestClient & { token_endpoint_auth_method: string }> {
  const response = await mgmt(app, 'POST', '/api/v2/clients', body);
  if (response.statusCode !== 201) throw new Error(`create client: ${response.body}`);
  return json(response) as TestClient & { token_endpoint_auth_method: string };
}

export interface VerifiedJwt {
  payload: JWTPayload & Record<string, unknown>;
  header: JWTHeaderParameters;
}

/**
 * Verifies a token the way a resource server would: against the published JWKS, the issuer and
 * `audience`, at the server's (fixed) time.
 */
export async function verifyJwt(server: TestServer, token: string, audience: string): Promise<VerifiedJwt> {
  const response = await server.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
  const keys = createLocalJWKSet(json(response) as JSONWebKeySet);
  const { payload, protectedHeader } = await jwtVerify(token, keys, {
    issuer: ISSUER,
    audience,
    algorithms: ['RS256'],
    currentDate: new Date(server.clock.now()),
  });
  return { payload: payload as VerifiedJwt['payload'], header: protectedHeader };
}

/** The server's clock in whole seconds, as JWT `iat` carries it. */
export function nowSeconds(server: TestServer): number {
  return Math.floor(server.clock.now() / 1000);
}
