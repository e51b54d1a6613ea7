import { transaction } from '../context.js';
import { safeEqual } from '../crypto/secret-box.js';
import { OAuthErrors } from '../errors.js';
import { completeMfaLogin, lockedOutNow } from '../grants/mfa-common.js';
import type { GrantContext } from '../grants/types.js';
import type { MfaSubject } from '../services/mfa-tokens.js';
import { bucketKeys, rateLimited, RECOVERY_FAILURE_BUCKET } from '../services/rate-limits.js';
import type { TokenResponse } from '../services/token-issuer.js';
import { generateRecoveryCode, normalizeRecoveryCode, recoveryCodeDigest } from './recovery-code.js';

/**
 * The mfa-recovery-code grant's step: spends the recovery code and answers with tokens plus the user's
 * next code (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa/challenge-with-recovery-codes).
 */
export async function redeemRecoveryCode(ctx: GrantContext, subject: MfaSubject, recoveryCode: string): Promise<TokenResponse> {
  const { t, client, origin } = ctx;
  const userId = subject.userId;
  const bucket = bucketKeys.recoveryFailures(userId);
  const code = normalizeRecoveryCode(recoveryCode);
  const now = t.clock.now();
  // One transaction from taking the attempt to giving it back: the bucket's row stays locked meanwhile
  // (on PostgreSQL; SQLite has one writer), so a parallel attempt sees the winner's attempt refunded,
  // never spent, however long the winner's statements take to come back.
  const spent = await transaction(t, async (t) => {
    if (!(await t.store.rateBuckets.consume(bucket, RECOVERY_FAILURE_BUCKET, now))) return 'locked' as const;
    const row = (await t.store.authenticators.forUser(userId)).find((a) => a.kind === 'recovery-code' && a.active);
    if (!row?.code_digest || !code || !safeEqual(recoveryCodeDigest(t.secrets, code), row.code_digest)) return 'rejected' as const;
    const next = generateRecoveryCode(t.random);
    // Compare-and-swap on the old digest: of two concurrent uses, exactly one wins.
    if (!(await t.store.authenticators.replaceCode(row.id, row.code_digest, recoveryCodeDigest(t.secrets, next), now))) return 'rejected' as const;
    await t.store.rateBuckets.refund(bucket, RECOVERY_FAILURE_BUCKET, now);
    return { row, next };
  });
  if (spent === 'locked') throw await rateLimited(t, bucket, RECOVERY_FAILURE_BUCKET, OAuthErrors.tooManyCodes());
  if (spent !== 'rejected') {
    const { row, next } = spent;
    await t.audit.record({ type: 'gd_recovery_succeed', origin, userId, clientId: client.client_id, details: { authenticator: { id: row.id, type: 'recovery-code' } } });
    await t.audit.record({ type: 'sercft', origin, userId, clientId: client.client_id });
    return { ...(await completeMfaLogin(ctx, subject)), recovery_code: next };
  }
  const exhausted = await lockedOutNow(ctx, bucket, RECOVERY_FAILURE_BUCKET);
  await t.audit.record({ type: 'gd_recovery_failed', origin, userId, clientId: client.client_id });
  await t.audit.record({ type: 'fercft', origin, userId, clientId: client.client_id });
  if (exhausted) await t.audit.record({ type: 'gd_recovery_rate_limit_exceed', origin, userId, clientId: client.client_id });
  throw OAuthErrors.invalidRecoveryCode();
}
