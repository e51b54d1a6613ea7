import { createHash } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { Tessera } from '../context.js';
import type { ClientCredentialRow, ClientRow } from '../store/clients.js';
import { credentialKey, PRIVATE_KEY_JWT } from './client-credentials.js';

/** RFC 7523 §2.2. */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/**
 * https://auth0.com/docs/get-started/authentication-and-authorization-flow/authenticate-with-private-key-jwt:
 * "Auth0 supports a maximum of 5 minutes for the lifetime of a token" ('exp' no more than 5 minutes after
 * 'iat', or after now without one), and "a clock skew of up to 10 seconds is allowed for iat and nbf".
 */
export const MAX_ASSERTION_LIFETIME_S = 300;
export const ASSERTION_CLOCK_SKEW_S = 10;
/** Same page: iss, sub and jti up to 64 characters, alg up to 16. */
const MAX_CLAIM_LENGTH = 64;
const MAX_ALG_LENGTH = 16;
/** A few RSA-4096 signatures and claims fit; anything longer is not an assertion this server could accept. */
const MAX_ASSERTION_LENGTH = 8192;

export type AssertionResult = { ok: true; client: ClientRow } | { ok: false; reason: string };

const fail = (reason: string): AssertionResult => ({ ok: false, reason });
const isShortString = (value: unknown, max: number): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;

function decode(assertion: string): { header: { alg?: unknown; kid?: unknown }; claims: JWTPayload } | undefined {
  if (assertion.length > MAX_ASSERTION_LENGTH) return undefined;
  try {
    return { header: decodeProtectedHeader(assertion), claims: decodeJwt(assertion) };
  } catch {
    return undefined;
  }
}

/**
 * RFC 7523 §3 item 3: `aud` names this server. Auth0 documents its domain with the trailing slash (the
 * issuer); its support article "Getting an Access Token With Private Key JWT" uses the token endpoint URL.
 */
function audienceMatches(t: Tessera, aud: unknown): boolean {
  const accepted = [t.config.issuer, `${t.config.issuer}oauth/token`];
  const values = Array.isArray(aud) ? aud : [aud];
  return values.some((value) => typeof value === 'string' && accepted.includes(value));
}

/** The time claims of RFC 7523 §3 items 4–6, with Auth0's lifetime limit and skew, against the injected clock. */
function timeFailure(claims: JWTPayload, nowS: number): string | undefined {
  const { exp, iat, nbf } = claims;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return 'exp missing';
  if (exp <= nowS) return 'expired';
  if (iat !== undefined && (typeof iat !== 'number' || iat > nowS + ASSERTION_CLOCK_SKEW_S)) return 'iat in the future';
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowS + ASSERTION_CLOCK_SKEW_S)) return 'not yet valid';
  const start = typeof iat === 'number' ? iat : nowS;
  if (exp - start > MAX_ASSERTION_LIFETIME_S) return 'lifetime over 5 minutes';
  return undefined;
}

/** The client's enabled, unexpired credentials whose alg the header names (and kid, when it names one). */
function candidates(rows: ClientCredentialRow[], alg: string, kid: unknown, nowMs: number): ClientCredentialRow[] {
  return rows.filter((row) => row.enabled && (row.expires_at === null || row.expires_at > nowMs) && row.alg === alg && (kid === undefined || row.kid === kid));
}

async function signedBy(assertion: string, rows: ClientCredentialRow[]): Promise<boolean> {
  for (const row of rows) {
    try {
      // The algorithm is pinned to the credential's (Auth0: "must match the algorithm specified when you created your application credential").
      await compactVerify(assertion, credentialKey(row), { algorithms: [row.alg] });
      return true;
    } catch {
      // Not this key: try the next.
    }
  }
  return false;
}

/** The single-use key of an assertion: its jti within its client (RFC 7523 §3 item 7). */
function jtiDigest(clientId: string, jti: string): string {
  return createHash('sha256').update(`${clientId}\u0000${jti}`).digest('base64url');
}

/**
 * Verifies a Private Key JWT client assertion (RFC 7523 §3, OpenID Connect Core §9) for a client configured
 * for private_key_jwt, and spends its jti. The reason of a refusal is for logs, never for the client.
 */
export async function verifyClientAssertion(t: Tessera, assertion: string, claimedClientId: string | undefined): Promise<AssertionResult> {
  const decoded = decode(assertion);
  if (!decoded) return fail('malformed');
  const { header, claims } = decoded;
  if (!isShortString(claims.iss, MAX_CLAIM_LENGTH) || claims.sub !== claims.iss) return fail('iss and sub must both be the client_id');
  if (claimedClientId !== undefined && claimedClientId !== claims.iss) return fail('client_id does not match iss');
  if (!audienceMatches(t, claims.aud)) return fail('aud');
  if (!isShortString(claims.jti, MAX_CLAIM_LENGTH)) return fail('jti missing');
  if (!isShortString(header.alg, MAX_ALG_LENGTH)) return fail('alg');
  const nowMs = t.clock.now();
  const timing = timeFailure(claims, Math.floor(nowMs / 1000));
  if (timing) return fail(timing);

  const client = await t.store.clients.find(claims.iss);
  if (!client || client.token_endpoint_auth_method !== PRIVATE_KEY_JWT) return fail('client not configured for private_key_jwt');
  const keys = candidates(await t.store.clients.credentials(client.client_id), header.alg, header.kid, nowMs);
  if (!(await signedBy(assertion, keys))) return fail('signature');
  // Spent only once the signature holds, so nobody can burn a client's jti without its key.
  const first = await t.store.clients.consumeAssertionId(jtiDigest(client.client_id, claims.jti), (claims.exp as number) * 1000, nowMs);
  if (!first) return fail('jti replayed');
  return { ok: true, client };
}
