import { Type, type Static } from 'typebox';
import { OAuthErrors } from '../errors.js';
import { resolveGrantMfaToken } from '../services/mfa-tokens.js';
import { countExpiredPushes } from '../services/alerts.js';
import { OOB_POLL_BUCKET, oobDigest } from '../services/push.js';
import { completeMfaLogin } from './mfa-common.js';
import { GRANT_TYPES, type Grant } from './types.js';

const Params = Type.Object({
  mfa_token: Type.String({ minLength: 1 }),
  oob_code: Type.String({ minLength: 1 }),
  binding_code: Type.Optional(Type.String()),
});

/**
 * Polls an out-of-band transaction: a push login request, or a push enrollment the device completes.
 * Accepted → the tokens of the original request, handed out once.
 */
export const mfaOobGrant: Grant<Static<typeof Params>> = {
  grantType: GRANT_TYPES.mfaOob,
  parameters: Params,
  async handler(ctx, params) {
    const { t, client, origin } = ctx;
    const subject = await resolveGrantMfaToken(t, params.mfa_token, client, true);
    const digest = oobDigest(t, params.oob_code);
    const tx = await t.store.push.byOob(digest);
    if (!tx || tx.user_id !== subject.userId || tx.client_id !== client.client_id) throw OAuthErrors.invalidOobCode();
    const now = t.clock.now();
    const bucket = `oob-poll:${digest}`;
    if (!(await t.store.rateBuckets.consume(bucket, OOB_POLL_BUCKET, now))) throw OAuthErrors.slowDown();
    if (tx.consumed_at !== null) throw OAuthErrors.invalidOobCode();
    if (tx.status === 'pending') {
      if (tx.expires_at <= now) {
        if (tx.kind === 'challenge') await countExpiredPushes(t, tx.user_id, origin);
        throw OAuthErrors.expiredOobCode();
      }
      throw OAuthErrors.authorizationPending();
    }
    if (tx.status === 'rejected') {
      await t.audit.record({ type: 'feoobft', origin, userId: tx.user_id, clientId: client.client_id, description: 'MFA Authorization rejected.', details: { reason: tx.reason } });
      throw OAuthErrors.pushRejected();
    }
    if (!(await t.store.push.consume(digest, now))) throw OAuthErrors.invalidOobCode();
    const details = { authenticator: { id: `push|${tx.link_id ?? ''}`, type: 'push' } };
    if (tx.kind === 'challenge') await t.audit.record({ type: 'gd_auth_succeed', origin, userId: tx.user_id, clientId: client.client_id, details });
    await t.audit.record({ type: 'seoobft', origin, userId: tx.user_id, clientId: client.client_id });
    return completeMfaLogin(ctx, subject);
  },
};
