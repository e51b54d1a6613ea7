import { Type, type Static } from 'typebox';
import { safeEqual } from '../crypto/secret-box.js';
import { OAuthErrors } from '../errors.js';
import { generateRecoveryCode, normalizeRecoveryCode, recoveryCodeDigest } from '../factors/recovery-code.js';
import { resolveGrantMfaToken } from '../services/mfa-tokens.js';
import { bucketKeys, RECOVERY_FAILURE_BUCKET } from '../services/rate-limits.js';
import { completeMfaLogin, lockedOutNow, refundAttempt, takeAttempt } from './mfa-common.js';
import { GRANT_TYPES, type Grant } from './types.js';

const Params = Type.Object({
  mfa_token: Type.String({ minLength: 1 }),
  recovery_code: Type.String({ minLength: 1 }),
});

/** Spends the recovery code and answers with tokens plus the user's next code (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa/challenge-with-recovery-codes). */
export const mfaRecoveryCodeGrant: Grant<Static<typeof Params>> = {
  grantType: GRANT_TYPES.mfaRecoveryCode,
  parameters: Params,
  async handler(ctx, params) {
    const { t, client, origin } = ctx;
    const subject = await resolveGrantMfaToken(t, params.mfa_token, client, false);
    if (!(await t.store.tenant.isFactorEnabled('recovery-code'))) throw OAuthErrors.factorDisabled('recovery-code');
    const userId = subject.userId;
    const bucket = bucketKeys.recoveryFailures(userId);
    await takeAttempt(ctx, bucket, RECOVERY_FAILURE_BUCKET);

    const row = (await t.store.authenticators.forUser(userId)).find((a) => a.kind === 'recovery-code' && a.active);
    const code = normalizeRecoveryCode(params.recovery_code);
    const now = t.clock.now();
    if (row?.code_digest && code && safeEqual(recoveryCodeDigest(t.secrets, code), row.code_digest)) {
      const next = generateRecoveryCode(t.random);
      // Compare-and-swap on the old digest: of two concurrent uses, exactly one wins.
      if ((await t.store.authenticators.replaceCode(row.id, row.code_digest, recoveryCodeDigest(t.secrets, next), now))) {
        await refundAttempt(ctx, bucket, RECOVERY_FAILURE_BUCKET);
        await t.audit.record({ type: 'gd_recovery_succeed', origin, userId, clientId: client.client_id, details: { authenticator: { id: row.id, type: 'recovery-code' } } });
        await t.audit.record({ type: 'sercft', origin, userId, clientId: client.client_id });
        return { ...(await completeMfaLogin(ctx, subject)), recovery_code: next };
      }
    }
    const exhausted = await lockedOutNow(ctx, bucket, RECOVERY_FAILURE_BUCKET);
    await t.audit.record({ type: 'gd_recovery_failed', origin, userId, clientId: client.client_id });
    await t.audit.record({ type: 'fercft', origin, userId, clientId: client.client_id });
    if (exhausted) await t.audit.record({ type: 'gd_recovery_rate_limit_exceed', origin, userId, clientId: client.client_id });
    throw OAuthErrors.invalidRecoveryCode();
  },
};
