import { OAuthErrors } from '../errors.js';
import type { GrantContext } from './types.js';
import type { MfaSubject } from '../services/mfa-tokens.js';
import { issueUserTokens, type TokenResponse } from '../services/token-issuer.js';
import { joinScope } from '../scopes.js';
import type { BucketPolicy } from '../store/rate-buckets.js';

/** Refuses the attempt up front while the user's failure bucket is empty. */
export function assertNotLocked(ctx: GrantContext, key: string, policy: BucketPolicy): void {
  if (ctx.t.store.rateBuckets.available(key, policy, ctx.t.clock.now()) < 1) throw OAuthErrors.tooManyCodes();
}

/** Spends one failure token; true when that emptied the bucket (the moment to log a lockout). */
export function recordFailure(ctx: GrantContext, key: string, policy: BucketPolicy): boolean {
  return ctx.t.store.rateBuckets.take(key, policy, ctx.t.clock.now()) < 1;
}

/**
 * Tokens for the request the mfa_token was bound to (reference §2.2: MFA grants answer as the
 * original password grant would). A confirming MFA-audience token yields a fresh MFA-audience token.
 */
export async function completeMfaLogin(ctx: GrantContext, subject: MfaSubject): Promise<TokenResponse> {
  const { t, client } = ctx;
  const user = t.store.users.find(subject.userId);
  if (!user) throw OAuthErrors.malformedMfaToken();
  if (user.blocked === 1) throw OAuthErrors.userBlocked();
  t.store.users.recordLogin(user.user_id, t.clock.now());
  if (subject.kind === 'transaction') {
    return issueUserTokens(t, { client, user, audience: subject.audience, scope: subject.scope });
  }
  return issueUserTokens(t, { client, user, audience: t.audiences.mfa, scope: joinScope(subject.scopes) });
}
