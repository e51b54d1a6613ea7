import { safeEqual } from '../crypto/secret-box.js';
import { transaction } from '../context.js';
import { OAuthErrors } from '../errors.js';
import { completeMfaLogin, lockedOutNow, refundAttempt, takeAttempt } from '../grants/mfa-common.js';
import type { GrantContext } from '../grants/types.js';
import { activatePendingRecoveryCode } from '../services/enrollment.js';
import type { MfaSubject } from '../services/mfa-tokens.js';
import { bucketKeys, OTP_FAILURE_BUCKET } from '../services/rate-limits.js';
import type { TokenResponse } from '../services/token-issuer.js';
import type { OobCodeRow } from '../store/oob-codes.js';
import { FactorErrors } from './errors.js';
import { oneTimeCodeDigest } from './one-time-code.js';
import type { OobParams } from './types.js';

/**
 * The mfa-oob grant for an SMS, voice or email code (https://auth0.com/docs/api/authentication/multi-factor-authentication/verify-with-out-of-band):
 * the `binding_code` against the code sent, compared in constant time, each guess taken from the user's
 * OTP failure bucket before it is checked; a right code spends the transaction atomically (of racing
 * requests one wins) and, for an enrollment, activates the authenticator and its recovery code.
 */
export async function redeemOneTimeCode(ctx: GrantContext, subject: MfaSubject, params: OobParams, digest: string): Promise<TokenResponse | undefined> {
  const { t, client, origin } = ctx;
  const tx = await t.store.oobCodes.byOob(digest);
  if (!tx) return undefined;
  if (tx.user_id !== subject.userId || tx.client_id !== client.client_id) throw OAuthErrors.invalidOobCode();
  // An MFA-audience token (already past MFA) may only confirm an enrollment.
  if (subject.kind !== 'transaction' && tx.purpose !== 'enrollment') throw OAuthErrors.invalidOobCode();
  if (params.binding_code === undefined || params.binding_code === '') throw FactorErrors.missingBindingCode();
  const now = t.clock.now();
  if (tx.consumed_at !== null) throw OAuthErrors.invalidOobCode();
  if (tx.expires_at <= now) throw OAuthErrors.expiredOobCode();

  const bucket = bucketKeys.otpFailures(tx.user_id);
  await takeAttempt(ctx, bucket, OTP_FAILURE_BUCKET);
  const who = { origin, userId: tx.user_id, clientId: client.client_id };
  const authenticator = { id: tx.authenticator_id, type: tx.channel };
  if (!safeEqual(oneTimeCodeDigest(t, params.binding_code), tx.code_digest)) {
    const exhausted = await lockedOutNow(ctx, bucket, OTP_FAILURE_BUCKET);
    await t.audit.record({ type: 'gd_auth_failed', ...who, details: { factor: tx.channel, reason: 'Invalid binding_code', authenticator } });
    await t.audit.record({ type: 'feoobft', ...who, description: 'Invalid binding_code.' });
    if (exhausted) await t.audit.record({ type: 'gd_otp_rate_limit_exceed', ...who });
    throw FactorErrors.invalidBindingCode();
  }
  // A right code costs no attempt, even when another request spent the transaction first.
  await refundAttempt(ctx, bucket, OTP_FAILURE_BUCKET);
  if (!(await settle(ctx, tx, now))) throw OAuthErrors.invalidOobCode();
  const details = { authenticator };
  if (tx.purpose === 'enrollment') await t.audit.record({ type: 'gd_enrollment_complete', ...who, details });
  await t.audit.record({ type: 'gd_auth_succeed', ...who, details });
  await t.audit.record({ type: 'seoobft', ...who });
  return completeMfaLogin(ctx, subject);
}

/**
 * Spends the transaction and records the login on the authenticator the code went to, as a TOTP step or
 * a recovery code does (`last_auth_at`, shown by the Management API); an enrollment's authenticators (the
 * linked sms/voice pair) and recovery code go active with it.
 */
async function settle(ctx: GrantContext, tx: OobCodeRow, now: number): Promise<boolean> {
  return await transaction(ctx.t, async (t) => {
    if (!(await t.store.oobCodes.consume(tx.oob_digest, now))) return false;
    const row = await t.store.authenticators.find(tx.authenticator_id);
    // Removed since (deleted, or replaced by a newer attempt): nothing left to confirm or sign in with.
    // The implicit email authenticator of a verified address has no row (email-factor.ts), so no last use
    // of its own: its logins read as the user's `last_login` and its gd_auth_succeed rows.
    if (row?.user_id !== tx.user_id && !(tx.channel === 'email' && tx.purpose === 'challenge')) throw OAuthErrors.invalidOobCode();
    if (!row) return true;
    await t.store.authenticators.recordAuth(row.id, now);
    if (tx.purpose !== 'enrollment') return true;
    for (const linked of await t.store.authenticators.forUser(tx.user_id)) {
      if (linked.link_id === row.link_id && !linked.active) await t.store.authenticators.activate(linked.id, now);
    }
    await activatePendingRecoveryCode(t, tx.user_id, now);
    return true;
  });
}
