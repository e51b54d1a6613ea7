import { authenticatorView } from '../services/authenticators.js';
import { associateOtp } from '../services/enrollment.js';
import { verifyOtp } from './otp-verify.js';
import { redeemRecoveryCode } from './recovery-code-verify.js';
import type { Factor } from './types.js';

/**
 * TOTP apps (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa/enroll-and-challenge-otp-authenticators): enrolled with a seed, challenged
 * by nothing at all (`{ challenge_type: "otp" }`), verified by the mfa-otp grant (otp-verify.ts).
 */
export const otpFactor: Factor = {
  factor: 'otp',
  kinds: ['totp'],
  associates: ['otp'],
  async associate(ctx, subject) {
    // The body carries the TOTP seed and a recovery code: never cache it (RFC 6749 §5.1 by analogy).
    ctx.reply.headers({ 'cache-control': 'no-store', pragma: 'no-cache' });
    const { id: _id, ...association } = await associateOtp(ctx.t, subject.userId, subject.clientId, ctx.origin);
    return association;
  },
  challengeType: 'otp',
  challenge: async () => ({ challenge_type: 'otp' }),
  verifyOtp,
  view: authenticatorView,
};

/** Recovery codes: issued with the first enrollment, spent by the mfa-recovery-code grant; never challenged. */
export const recoveryCodeFactor: Factor = {
  factor: 'recovery-code',
  kinds: ['recovery-code'],
  associates: [],
  redeemRecoveryCode,
  view: authenticatorView,
};
