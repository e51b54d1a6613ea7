import { Type, type Static } from 'typebox';
import { OAuthErrors } from '../errors.js';
import { OOB_REDEEMERS } from '../factors/registry.js';
import { resolveGrantMfaToken } from '../services/mfa-tokens.js';
import { oobDigest } from '../services/push.js';
import { GRANT_TYPES, type Grant } from './types.js';

const Params = Type.Object({
  mfa_token: Type.String({ minLength: 1 }),
  oob_code: Type.String({ minLength: 1 }),
  binding_code: Type.Optional(Type.String()),
});

/**
 * Redeems an out-of-band transaction (https://auth0.com/docs/api/authentication/multi-factor-authentication/verify-with-out-of-band): the factor that issued the oob_code
 * answers it (a push request or enrollment polled, an SMS, voice or email code checked against `binding_code`).
 */
export const mfaOobGrant: Grant<Static<typeof Params>> = {
  grantType: GRANT_TYPES.mfaOob,
  parameters: Params,
  async handler(ctx, params) {
    const subject = await resolveGrantMfaToken(ctx.t, params.mfa_token, ctx.client, true);
    const digest = oobDigest(ctx.t, params.oob_code);
    for (const redeem of OOB_REDEEMERS) {
      const tokens = await redeem(ctx, subject, params, digest);
      if (tokens) return tokens;
    }
    throw OAuthErrors.invalidOobCode();
  },
};
