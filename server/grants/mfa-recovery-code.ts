import { Type, type Static } from 'typebox';
import { OAuthErrors } from '../errors.js';
import { factorVerifying } from '../factors/registry.js';
import { resolveGrantMfaToken } from '../services/mfa-tokens.js';
import { GRANT_TYPES, type Grant } from './types.js';

const Params = Type.Object({
  mfa_token: Type.String({ minLength: 1 }),
  recovery_code: Type.String({ minLength: 1 }),
});

const RECOVERY_FACTOR = factorVerifying('redeemRecoveryCode');

/** A recovery code (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa/challenge-with-recovery-codes), spent by the factor that owns it (factors/recovery-code-verify.ts). */
export const mfaRecoveryCodeGrant: Grant<Static<typeof Params>> = {
  grantType: GRANT_TYPES.mfaRecoveryCode,
  parameters: Params,
  async handler(ctx, params) {
    // Only a login transaction's mfa_token: a recovery code is no way to confirm an enrollment.
    const subject = await resolveGrantMfaToken(ctx.t, params.mfa_token, ctx.client, false);
    if (!(await ctx.t.store.tenant.isFactorEnabled(RECOVERY_FACTOR.factor))) throw OAuthErrors.factorDisabled(RECOVERY_FACTOR.factor);
    return RECOVERY_FACTOR.redeemRecoveryCode(ctx, subject, params.recovery_code);
  },
};
