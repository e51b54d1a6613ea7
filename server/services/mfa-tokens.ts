import { errors as joseErrors } from 'jose';
import { randomToken } from '../crypto/random.js';
import { OAuthError, OAuthErrors } from '../errors.js';
import type { Tessera } from '../context.js';
import type { ClientRow } from '../store/clients.js';
import type { MfaTransactionListing, MfaTransactionRow } from '../store/mfa-transactions.js';
import type { FactorName } from '../store/tenant.js';
import { parseScope } from '../scopes.js';
import { MFA_TOKEN_RETENTION_S, MFA_TOKEN_TTL_S } from '../tokens/lifetimes.js';

const MFA_TOKEN_DIGEST = 'mfa-token';

/** Who an MFA API call acts for: a login transaction (mfa_token) or an MFA-audience access token. */
export type MfaSubject =
  | { kind: 'transaction'; userId: string; clientId: string; audience: string; scope: string }
  | { kind: 'access-token'; userId: string; clientId: string; scopes: string[] };

/** Opens an MFA transaction bound to client, user, audience and scope; returns the opaque mfa_token. */
export async function createMfaToken(t: Tessera, binding: { userId: string; clientId: string; audience: string; scope: string }): Promise<string> {
  const token = randomToken(t.random, 32);
  const now = t.clock.now();
  await t.store.mfaTransactions.insert({
    token_digest: t.secrets.digest(MFA_TOKEN_DIGEST, token),
    user_id: binding.userId,
    client_id: binding.clientId,
    audience: binding.audience,
    scope: binding.scope,
    created_at: now,
    expires_at: now + MFA_TOKEN_TTL_S * 1000,
  });
  return token;
}

/**
 * Deletes MFA transactions that expired over MFA_TOKEN_RETENTION_S ago (kept that long so a late use is
 * told "expired", not "malformed"): the server's hourly housekeeping, never a login's work.
 */
export async function purgeMfaTransactions(t: Pick<Tessera, 'store' | 'clock'>): Promise<number> {
  return await t.store.mfaTransactions.purgeBefore(t.clock.now() - MFA_TOKEN_RETENTION_S * 1000);
}

/** The digest an mfa_token is stored under, or undefined for a string that cannot be one. */
export function mfaTokenDigest(t: Tessera, token: string): string | undefined {
  return /^[A-Za-z0-9_-]{43}$/.test(token) ? t.secrets.digest(MFA_TOKEN_DIGEST, token) : undefined;
}

/** The subject of a transaction found (or not) by its token's digest: unknown and expired ones are refused. */
export function transactionSubject(t: Tessera, row: MfaTransactionRow | undefined): Extract<MfaSubject, { kind: 'transaction' }> {
  // No read of the user: `mfa_transactions.user_id` references users ON DELETE CASCADE on both engines, so a
  // transaction that is found has its user (deleting a user deletes its mfa_tokens), and each read saved is a
  // round trip on PostgreSQL.
  if (!row) throw OAuthErrors.malformedMfaToken();
  if (row.expires_at <= t.clock.now()) throw OAuthErrors.expiredMfaToken();
  return { kind: 'transaction', userId: row.user_id, clientId: row.client_id, audience: row.audience, scope: row.scope };
}

export async function resolveMfaTransaction(t: Tessera, token: string): Promise<Extract<MfaSubject, { kind: 'transaction' }>> {
  const digest = mfaTokenDigest(t, token);
  return transactionSubject(t, digest === undefined ? undefined : await t.store.mfaTransactions.find(digest));
}

export function looksLikeJwt(token: string): boolean {
  return token.split('.').length === 3;
}

/** Verifies an MFA-audience access token (https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authenticator-factors-mfa-api). */
export async function resolveMfaAccessToken(t: Tessera, token: string): Promise<Extract<MfaSubject, { kind: 'access-token' }>> {
  try {
    const payload = await t.signer.verify(token, t.audiences.mfa);
    if (typeof payload.sub !== 'string' || !(await t.store.users.find(payload.sub))) throw OAuthErrors.invalidToken();
    return { kind: 'access-token', userId: payload.sub, clientId: String(payload.azp ?? ''), scopes: parseScope(String(payload.scope ?? '')) };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw OAuthErrors.invalidToken('The access token has expired.');
    if (error instanceof joseErrors.JOSEError) throw OAuthErrors.invalidToken();
    throw error;
  }
}

/** The token of an `Authorization: Bearer …` header; a missing or other scheme is refused. */
export function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) throw OAuthErrors.missingToken();
  return match[1];
}

/** transactionSubject for a bearer: a refused mfa_token reads `invalid_token`, with the transaction's reason as its description. */
export function bearerTransactionSubject(t: Tessera, row: MfaTransactionRow | undefined): Extract<MfaSubject, { kind: 'transaction' }> {
  try {
    return transactionSubject(t, row);
  } catch (error) {
    if (error instanceof OAuthError) throw OAuthErrors.invalidToken(error.description);
    throw error;
  }
}

/** For Bearer-authenticated MFA routes: an mfa_token, or an MFA-audience JWT. */
export async function resolveBearer(t: Tessera, authorization: string | undefined): Promise<MfaSubject> {
  const token = bearerToken(authorization);
  if (looksLikeJwt(token)) return resolveMfaAccessToken(t, token);
  const digest = mfaTokenDigest(t, token);
  return bearerTransactionSubject(t, digest === undefined ? undefined : await t.store.mfaTransactions.find(digest));
}

/**
 * For the MFA grants: the `mfa_token` parameter, bound to the calling client. An MFA-audience access
 * token is also accepted where `allowAccessToken` (confirming a new enrollment, as https://github.com/auth0-blog/oauth2-mfa-cli-example `src/associate-endpoint.mjs` does).
 */
export async function resolveGrantMfaToken(t: Tessera, token: string, client: ClientRow, allowAccessToken: boolean): Promise<MfaSubject> {
  if (looksLikeJwt(token)) {
    if (!allowAccessToken) throw OAuthErrors.malformedMfaToken();
    const subject = await resolveMfaAccessToken(t, token).catch(() => {
      throw OAuthErrors.malformedMfaToken();
    });
    return boundTo(client, subject);
  }
  return boundTo(client, await resolveMfaTransaction(t, token));
}

/**
 * resolveGrantMfaToken for an mfa_token (not an access token), with what listing its user's authenticators
 * needs read in the same statement (`findListing`, `factor`'s switch): same refusals, in the same order.
 */
export async function resolveGrantMfaListing(
  t: Tessera,
  token: string,
  client: ClientRow,
  factor: FactorName,
): Promise<{ subject: Extract<MfaSubject, { kind: 'transaction' }>; listing: MfaTransactionListing }> {
  const digest = mfaTokenDigest(t, token);
  const listing = digest === undefined ? undefined : await t.store.mfaTransactions.findListing(digest, factor);
  const subject = boundTo(client, transactionSubject(t, listing?.transaction));
  // Found: transactionSubject refuses a missing transaction.
  return { subject, listing: listing as MfaTransactionListing };
}

/** An MFA grant's subject must have been issued to the calling client. */
function boundTo<S extends MfaSubject>(client: ClientRow, subject: S): S {
  if (subject.clientId !== client.client_id) throw OAuthErrors.mfaTokenOtherClient();
  return subject;
}
