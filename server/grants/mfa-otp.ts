import { Type, type Static } from 'typebox';
import { OAuthErrors } from '../errors.js';
import { resolveGrantMfaToken } from '../services/mfa-tokens.js';
import { attemptOtp } from '../services/otp-verification.js';
import { completeMfaLogin } from './mfa-common.js';
import { GRANT_TYPES, type Grant } from './types.js';

const Params = Type.Object({
  mfa_token: Type.String({ minLength: 1 }),
  otp: Type.String({ minLength: 1 }),
});

/** Verifies a TOTP code; the first good code for an unconfirmed authenticator confirms it (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa/enroll-and-challenge-otp-authenticators). */
export const mfaOtpGrant: Grant<Static<typeof Params>> = {
  grantType: GRANT_TYPES.mfaOtp,
  parameters: Params,
  async handler(ctx, params) {
    const { t, client, origin } = ctx;
    const subject = await resolveGrantMfaToken(t, params.mfa_token, client, true);
    if (!(await t.store.tenant.isFactorEnabled('otp'))) throw OAuthErrors.factorDisabled('otp');
    const userId = subject.userId;

    // An MFA-audience token (already past MFA) may only confirm a pending enrollment.
    const candidates = (await t.store.authenticators
      .forUser(userId))
      .filter((row) => row.kind === 'totp' && (subject.kind === 'transaction' || !row.active));
    if (candidates.length === 0) throw OAuthErrors.notEnrolledWith('otp');

    const outcome = await attemptOtp(t, { userId, candidates, code: params.otp });
    if (outcome.status === 'locked') throw OAuthErrors.tooManyCodes();
    if (outcome.status === 'accepted') {
      // Read once, for the log rows and the tokens alike.
      const user = await t.store.users.find(userId);
      const who = { origin, userId, clientId: client.client_id, userName: user?.email ?? null, clientName: client.name };
      const details = { authenticator: { id: outcome.authenticator.id, type: 'otp' } };
      if (outcome.confirmed) await t.audit.record({ type: 'gd_enrollment_complete', ...who, details });
      await t.audit.record({ type: 'gd_auth_succeed', ...who, details });
      await t.audit.record({ type: 'seotpft', ...who });
      return completeMfaLogin(ctx, subject, user);
    }
    // 'conflict' only answers a caller that passes spendWith; this grant does not.
    if (outcome.status === 'conflict') throw OAuthErrors.invalidOtp();

    const reason = outcome.replayed ? 'OTP code already used' : 'Invalid OTP code';
    const who = { origin, userId, clientId: client.client_id, userName: (await t.store.users.find(userId))?.email ?? null, clientName: client.name };
    await t.audit.record({ type: 'gd_auth_failed', ...who, details: { factor: 'otp', reason } });
    await t.audit.record({ type: 'feotpft', ...who, description: reason });
    if (outcome.lockedOut) await t.audit.record({ type: 'gd_otp_rate_limit_exceed', ...who });
    throw OAuthErrors.invalidOtp();
  },
};
