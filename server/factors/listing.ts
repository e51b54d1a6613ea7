import type { Tessera } from '../context.js';
import type { AuthenticatorRow } from '../store/authenticators.js';
import { implicitEmailFor } from './email-factor.js';

/** The user's authenticators as the MFA API lists them: the stored ones, then a verified email's implicit one. */
export async function listedAuthenticators(t: Tessera, userId: string): Promise<AuthenticatorRow[]> {
  const rows = await t.store.authenticators.forUser(userId);
  const implicit = await implicitEmailFor(t, userId, rows);
  return implicit ? [...rows, implicit] : rows;
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
