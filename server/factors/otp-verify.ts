import { transaction } from '../context.js';
import { OAuthErrors } from '../errors.js';
import { completeMfaLogin } from '../grants/mfa-common.js';
import type { GrantContext } from '../grants/types.js';
import type { MfaSubject } from '../services/mfa-tokens.js';
import { attemptOtp } from '../services/otp-verification.js';
import { bucketKeys, OTP_FAILURE_BUCKET, rateLimited } from '../services/rate-limits.js';
import type { TokenResponse } from '../services/token-issuer.js';
import type { AuthenticatorRow } from '../store/authenticators.js';
import type { UserRow } from '../store/users.js';

/**
 * The mfa-otp grant's check of a TOTP code; the first good code for an unconfirmed authenticator
 * confirms it (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa/enroll-and-challenge-otp-authenticators).
 */
export async function verifyOtp(ctx: GrantContext, subject: MfaSubject, otp: string, authenticators?: AuthenticatorRow[]): Promise<TokenResponse> {
  const { t, client, origin } = ctx;
  const userId = subject.userId;

  // An MFA-audience token (already past MFA) may only confirm a pending enrollment.
  const candidates = (authenticators ?? (await t.store.authenticators.forUser(userId)))
    .filter((row) => row.kind === 'totp' && (subject.kind === 'transaction' || !row.active));
  if (candidates.length === 0) throw OAuthErrors.notEnrolledWith('otp');

  let user: UserRow | undefined;
  const outcome = await attemptOtp(t, {
    userId,
    candidates,
    code: otp,
    // The log rows and the login time commit with the spent step: one write transaction per verify.
    async onAccepted(tx, { authenticator, confirmed }) {
      // Read once, for the log rows and the tokens alike, by the statement that records the login (a
      // blocked user's is not recorded: read alone, and refused by completeMfaLogin).
      user = (await tx.store.users.recordLoginOf(userId, tx.clock.now())) ?? (await tx.store.users.find(userId));
      const who = { origin, userId, clientId: client.client_id, userName: user?.email ?? null, clientName: client.name };
      const details = { authenticator: { id: authenticator.id, type: 'otp' } };
      await tx.audit.recordAll([
        ...(confirmed ? [{ type: 'gd_enrollment_complete', ...who, details } as const] : []),
        { type: 'gd_auth_succeed', ...who, details },
        { type: 'seotpft', ...who },
      ]);
    },
  });
  if (outcome.status === 'locked') throw await rateLimited(t, bucketKeys.otpFailures(userId), OTP_FAILURE_BUCKET, OAuthErrors.tooManyCodes());
  if (outcome.status === 'accepted') return completeMfaLogin(ctx, subject, user, { loginRecorded: true });
  // 'conflict' only answers a caller that passes spendWith; this one does not.
  if (outcome.status === 'conflict') throw OAuthErrors.invalidOtp();

  const reason = outcome.replayed ? 'OTP code already used' : 'Invalid OTP code';
  const lockedOut = outcome.lockedOut;
  await transaction(t, async (tx) => {
    const who = { origin, userId, clientId: client.client_id, userName: (await tx.store.users.find(userId))?.email ?? null, clientName: client.name };
    await tx.audit.recordAll([
      { type: 'gd_auth_failed', ...who, details: { factor: 'otp', reason } },
      { type: 'feotpft', ...who, description: reason },
      ...(lockedOut ? [{ type: 'gd_otp_rate_limit_exceed', ...who } as const] : []),
    ]);
  });
  throw OAuthErrors.invalidOtp();
}
