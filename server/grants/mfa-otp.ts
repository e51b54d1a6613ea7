import { activatePendingRecoveryCode } from '../services/enrollment.js';
import { Type, type Static } from 'typebox';
import { OAuthErrors } from '../errors.js';
import { verifyTotp } from '../factors/otp.js';
import { resolveGrantMfaToken } from '../services/mfa-tokens.js';
import { bucketKeys, OTP_FAILURE_BUCKET } from '../services/rate-limits.js';
import { assertNotLocked, completeMfaLogin, recordFailure } from './mfa-common.js';
import { GRANT_TYPES, type Grant } from './types.js';

const Params = Type.Object({
  mfa_token: Type.String({ minLength: 1 }),
  otp: Type.String({ minLength: 1 }),
});

/** Verifies a TOTP code; the first good code for an unconfirmed authenticator confirms it (reference §4). */
export const mfaOtpGrant: Grant<Static<typeof Params>> = {
  grantType: GRANT_TYPES.mfaOtp,
  parameters: Params,
  async handler(ctx, params) {
    const { t, client, origin } = ctx;
    const subject = await resolveGrantMfaToken(t, params.mfa_token, client, true);
    if (!t.store.tenant.isFactorEnabled('otp')) throw OAuthErrors.factorDisabled('otp');
    const userId = subject.userId;
    const bucket = bucketKeys.otpFailures(userId);
    assertNotLocked(ctx, bucket, OTP_FAILURE_BUCKET);

    // An MFA-audience token (already past MFA) may only confirm a pending enrollment.
    const candidates = t.store.authenticators
      .forUser(userId)
      .filter((row) => row.kind === 'totp' && (subject.kind === 'transaction' || row.active === 0));
    if (candidates.length === 0) throw OAuthErrors.notEnrolledWith('otp');

    const now = t.clock.now();
    let replayed = false;
    for (const row of candidates) {
      const secret = t.secrets.decrypt(row.secret_enc ?? '', `authenticator:${row.id}`);
      const check = verifyTotp(secret, params.otp, now, row.last_used_step);
      if (!check.valid) {
        replayed ||= check.replayed;
        continue;
      }
      const confirmed = t.store.transaction(() => {
        if (!t.store.authenticators.consumeStep(row.id, check.timeStep, now)) return undefined;
        if (row.active === 1) return false;
        t.store.authenticators.activate(row.id, now);
        activatePendingRecoveryCode(t, userId, now);
        return true;
      });
      if (confirmed === undefined) {
        replayed = true;
        continue;
      }
      const details = { authenticator: { id: row.id, type: 'otp' } };
      if (confirmed) t.audit.record({ type: 'gd_enrollment_complete', origin, userId, clientId: client.client_id, details });
      t.audit.record({ type: 'gd_auth_succeed', origin, userId, clientId: client.client_id, details });
      t.audit.record({ type: 'seotpft', origin, userId, clientId: client.client_id });
      return completeMfaLogin(ctx, subject);
    }

    const exhausted = recordFailure(ctx, bucket, OTP_FAILURE_BUCKET);
    const reason = replayed ? 'OTP code already used' : 'Invalid OTP code';
    t.audit.record({ type: 'gd_auth_failed', origin, userId, clientId: client.client_id, details: { factor: 'otp', reason } });
    t.audit.record({ type: 'feotpft', origin, userId, clientId: client.client_id, description: reason });
    if (exhausted) t.audit.record({ type: 'gd_otp_rate_limit_exceed', origin, userId, clientId: client.client_id });
    throw OAuthErrors.invalidOtp();
  },
};
