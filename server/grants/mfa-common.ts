import { OAuthErrors } from '../errors.js';
import type { GrantContext } from './types.js';
import type { MfaSubject } from '../services/mfa-tokens.js';
import { issueUserTokens, type TokenResponse } from '../services/token-issuer.js';
import { joinScope } from '../scopes.js';
import { rateLimited } from '../services/rate-limits.js';
import type { BucketPolicy } from '../store/rate-buckets.js';
import type { UserRow } from '../store/users.js';

/**
 * Takes this attempt from the user's failure bucket before the code is checked, so parallel guesses
 * cannot all be evaluated; refused while the bucket is empty.
 */
export async function takeAttempt(ctx: GrantContext, key: string, policy: BucketPolicy): Promise<void> {
  if (!(await ctx.t.store.rateBuckets.consume(key, policy, ctx.t.clock.now()))) throw await rateLimited(ctx.t, key, policy, OAuthErrors.tooManyCodes());
}

/** A right code does not cost the user an attempt. */
export async function refundAttempt(ctx: GrantContext, key: string, policy: BucketPolicy): Promise<void> {
  await ctx.t.store.rateBuckets.refund(key, policy, ctx.t.clock.now());
}

/**
 * After a failed attempt: true for the one failure that locked the user out (the moment to log it).
 * "The bucket is empty now" alone is seen by every one of many parallel failures that emptied it
 * together, so the right to log is itself a one-token bucket, refilled as the failure bucket refills:
 * one lockout event per lockout.
 */
export async function lockedOutNow(ctx: GrantContext, key: string, policy: BucketPolicy): Promise<boolean> {
  const now = ctx.t.clock.now();
  if (!(await ctx.t.store.rateBuckets.isEmpty(key, policy, now))) return false;
  return await ctx.t.store.rateBuckets.consume(`${key}:lockout-logged`, { capacity: 1, refillMs: policy.refillMs }, now);
}

/**
 * Tokens for the request the mfa_token was bound to (https://auth0.com/docs/api/authentication/multi-factor-authentication/verify-mfa-with-otp: MFA grants answer as the
 * original password grant would). A confirming MFA-audience token yields a fresh MFA-audience token.
 */
export async function completeMfaLogin(
  ctx: GrantContext,
  subject: MfaSubject,
  loaded?: UserRow,
  options: { loginRecorded?: boolean } = {},
): Promise<TokenResponse> {
  const { t, client } = ctx;
  // `loaded`: the subject's user, when the grant has just read it; `loginRecorded`: the grant wrote the
  // login time in its own transaction (for a user that exists and is not blocked).
  const user = loaded ?? (options.loginRecorded ? undefined : await t.store.users.find(subject.userId));
  if (!user) throw OAuthErrors.malformedMfaToken();
  if (user.blocked) throw OAuthErrors.userBlocked();
  if (!options.loginRecorded) await t.store.users.recordLogin(user.user_id, t.clock.now());
  if (subject.kind === 'transaction') {
    return issueUserTokens(t, { client, user, audience: subject.audience, scope: subject.scope });
  }
  return issueUserTokens(t, { client, user, audience: t.audiences.mfa, scope: joinScope(subject.scopes) });
}
