import { Type, type Static } from 'typebox';
import { OAuthErrors } from '../errors.js';
import { factorVerifying } from '../factors/registry.js';
import { resolveGrantMfaToken } from '../services/mfa-tokens.js';
import { GRANT_TYPES, type Grant } from './types.js';

const Params = Type.Object({
  mfa_token: Type.String({ minLength: 1 }),
  otp: Type.String({ minLength: 1 }),
});

const OTP_FACTOR = factorVerifying('verifyOtp');

/** A TOTP code (https://auth0.com/docs/api/authentication/multi-factor-authentication/verify-mfa-with-otp), verified by the factor that owns it (factors/otp-verify.ts). */
export const mfaOtpGrant: Grant<Static<typeof Params>> = {
  grantType: GRANT_TYPES.mfaOtp,
  parameters: Params,
  async handler(ctx, params) {
    // An MFA-audience token may confirm a pending enrollment, so it is accepted here too.
    const subject = await resolveGrantMfaToken(ctx.t, params.mfa_token, ctx.client, true);
    if (!(await ctx.t.store.tenant.isFactorEnabled(OTP_FACTOR.factor))) throw OAuthErrors.factorDisabled(OTP_FACTOR.factor);
    return OTP_FACTOR.verifyOtp(ctx, subject, params.otp);
  },
};
