import { transaction } from '../context.js';
import { OAuthErrors } from '../errors.js';
import { completeMfaLogin } from '../grants/mfa-common.js';
import type { GrantContext } from '../grants/types.js';
import { countExpiredPushes } from '../services/alerts.js';
import { authenticatorId, authenticatorView } from '../services/authenticators.js';
import { createPushChallenge, OOB_POLL_BUCKET, PUSH_SEND_BUCKET, startPushEnrollment } from '../services/push.js';
import { rateLimited } from '../services/rate-limits.js';
import type { PushTransactionRow } from '../store/push.js';
import type { Factor } from './types.js';

/**
 * Guardian push (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa/enroll-and-challenge-push-authenticators): enrolled by a device
 * scanning the QR code, challenged by a notification the device answers, redeemed by polling mfa-oob.
 */
export const pushFactor: Factor = {
  factor: 'push-notification',
  kinds: ['push'],
  associates: ['auth0'],
  async associate(ctx, subject) {
    const { t } = ctx;
    ctx.reply.headers({ 'cache-control': 'no-store', pragma: 'no-cache' });
    const association = await startPushEnrollment(t, subject.userId, subject.clientId);
    await t.audit.record({ type: 'gd_start_enroll', origin: ctx.origin, userId: subject.userId, clientId: subject.clientId, details: { authenticator: { type: 'push' } } });
    return { ...association };
  },
  challengeType: 'oob',
  async challenge(ctx, subject, row, named) {
    const { t } = ctx;
    const now = t.clock.now();
    if ((await t.store.users.find(subject.userId))?.push_locked_at) throw OAuthErrors.pushLocked();
    const bucket = `push-sends:${subject.userId}`;
    if (!(await t.store.rateBuckets.consume(bucket, PUSH_SEND_BUCKET, now))) throw await rateLimited(t, bucket, PUSH_SEND_BUCKET, OAuthErrors.tooManyPushes());
    ctx.reply.header('cache-control', 'no-store');
    const challenge = await createPushChallenge(t, ctx.pushHub, {
      userId: subject.userId,
      clientId: subject.clientId,
      linkId: named ? row.link_id : null,
      origin: ctx.origin,
    });
    return { challenge_type: 'oob', ...challenge };
  },
  /** Polls a push login request, or a push enrollment the device completes; accepted → the tokens, handed out once. */
  async redeemOob(ctx, subject, _params, digest) {
    const { t, client, origin } = ctx;
    const tx = await t.store.push.byOob(digest);
    if (!tx) return undefined;
    if (tx.user_id !== subject.userId || tx.client_id !== client.client_id) throw OAuthErrors.invalidOobCode();
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
    if (!(await spendApproval(ctx, tx, now))) throw OAuthErrors.invalidOobCode();
    const details = { authenticator: { id: `push|${tx.link_id ?? ''}`, type: 'push' } };
    if (tx.kind === 'challenge') await t.audit.record({ type: 'gd_auth_succeed', origin, userId: tx.user_id, clientId: client.client_id, details });
    await t.audit.record({ type: 'seoobft', origin, userId: tx.user_id, clientId: client.client_id });
    return completeMfaLogin(ctx, subject);
  },
  view: authenticatorView,
};

/**
 * Hands out the result once; an approved login request records its last use on the device that approved
 * it (`resolve` wrote that device's link), in the same commit, as a TOTP step does. An enrollment is no login.
 */
async function spendApproval(ctx: GrantContext, tx: PushTransactionRow, now: number): Promise<boolean> {
  return await transaction(ctx.t, async (t) => {
    if (!(await t.store.push.consume(tx.oob_digest, now))) return false;
    if (tx.kind === 'challenge' && tx.link_id !== null) await t.store.authenticators.recordAuth(authenticatorId('push', tx.link_id), now);
    return true;
  });
}
