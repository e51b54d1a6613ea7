import type { Tessera } from '../context.js';
import { OAuthErrors } from '../errors.js';
import { bearerToken, bearerTransactionSubject, looksLikeJwt, mfaTokenDigest, resolveMfaAccessToken } from '../services/mfa-tokens.js';
import type { AuthenticatorRow } from '../store/authenticators.js';
import type { MfaTransactionListing } from '../store/mfa-transactions.js';
import { implicitEmailFor, implicitEmailOf } from './email-factor.js';

/** The user's authenticators as the MFA API lists them: the stored ones, then a verified email's implicit one. */
export async function listedAuthenticators(t: Tessera, userId: string): Promise<AuthenticatorRow[]> {
  const rows = await t.store.authenticators.forUser(userId);
  const implicit = await implicitEmailFor(t, userId, rows);
  return implicit ? [...rows, implicit] : rows;
}

/**
 * `GET /mfa/authenticators`' bearer and its user's listed authenticators. For an mfa_token (what the
 * Authentication API's clients send) one store statement reads the transaction, the stored
 * authenticators, the user's address and the email factor's switch; an access token must carry `scope`.
 */
export async function bearerAuthenticators(t: Tessera, authorization: string | undefined, scope: string): Promise<AuthenticatorRow[]> {
  const token = bearerToken(authorization);
  if (looksLikeJwt(token)) {
    const subject = await resolveMfaAccessToken(t, token);
    if (!subject.scopes.includes(scope)) throw OAuthErrors.insufficientScope([scope]);
    return await listedAuthenticators(t, subject.userId);
  }
  const digest = mfaTokenDigest(t, token);
  const listing = digest === undefined ? undefined : await t.store.mfaTransactions.findListing(digest, 'email');
  const subject = bearerTransactionSubject(t, listing?.transaction);
  // Found: bearerTransactionSubject refuses a missing transaction.
  const { authenticators, user, factorEnabled } = listing as MfaTransactionListing;
  const implicit = factorEnabled ? implicitEmailOf(t, { user_id: subject.userId, ...user }, authenticators) : undefined;
  return implicit ? [...authenticators, implicit] : authenticators;
}

/**
 * What `/mfa/challenge` may pick from: active, not recovery codes. A verified email's implicit
 * authenticator only once the user has a factor of their own (it is no second factor alone, as the
 * `/mfa/` audience page says of users with "only the email factor").
 */
export async function challengeableAuthenticators(t: Tessera, userId: string): Promise<AuthenticatorRow[]> {
  const stored = (await t.store.authenticators.forUser(userId)).filter((row) => row.active && row.kind !== 'recovery-code');
  if (stored.length === 0) return stored;
  const implicit = await implicitEmailFor(t, userId, stored);
  return implicit ? [...stored, implicit] : stored;
}
