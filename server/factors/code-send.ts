import { randomToken } from '../crypto/random.js';
import { DeliveryError, type EmailTemplateRequest } from '../delivery/types.js';
import { DEFAULT_PHONE_TEMPLATES } from '../delivery/templates.js';
import { oobDigest } from '../services/push.js';
import { bucketKeys, EMAIL_SEND_BUCKET, PHONE_SEND_BUCKET, rateLimited } from '../services/rate-limits.js';
import type { AuthenticatorRow } from '../store/authenticators.js';
import type { OobCodeChannel } from '../store/oob-codes.js';
import { FactorErrors } from './errors.js';
import { generateOneTimeCode, OOB_CODE_TTL_MS, oneTimeCodeDigest } from './one-time-code.js';
import type { FactorContext, FactorSubject } from './types.js';

/** The log event of a code sent, per channel (https://auth0.com/docs/deploy-monitor/logs/log-event-type-codes). */
export const CODE_SENT_LOG = { sms: 'gd_send_sms', voice: 'gd_send_voice', email: 'gd_send_email' } as const;
/** Auth0 has no "email failed" code: `gd_auth_failed` covers "a system failure" (https://auth0.com/docs/deploy-monitor/logs/log-event-type-codes). */
export const CODE_SEND_FAILED_LOG = { sms: 'gd_send_sms_failure', voice: 'gd_send_voice_failure', email: 'gd_auth_failed' } as const;

export interface CodeSend {
  purpose: 'enrollment' | 'challenge';
  row: AuthenticatorRow;
  channel: OobCodeChannel;
  /** The phone number or address the code goes to. */
  to: string;
  /** Email only: the admin's `mfa_oob_code` template, rendered instead of the phone templates' sentence. */
  email?: EmailTemplateRequest | undefined;
  /** Undoes what the caller wrote for this send (an enrollment's inactive rows) when it fails. */
  rollback?: () => Promise<void>;
}

/**
 * Opens an out-of-band code transaction and sends its code; answers the oob_code. The user's send bucket
 * is taken first (before any network call); a provider failure removes the transaction (and whatever
 * `rollback` undoes), is audited with the provider's error in the server's words, and answers a 502 the
 * client can show. The code itself goes to the carrier and nowhere else.
 */
export async function sendOneTimeCode(ctx: FactorContext, subject: FactorSubject, send: CodeSend): Promise<string> {
  const { t } = ctx;
  const now = t.clock.now();
  const email = send.channel === 'email';
  const bucket = email ? bucketKeys.emailSends(subject.userId) : bucketKeys.phoneSends(subject.userId);
  const policy = email ? EMAIL_SEND_BUCKET : PHONE_SEND_BUCKET;
  if (!(await t.store.rateBuckets.consume(bucket, policy, now))) {
    await undo(ctx, subject, send);
    throw await rateLimited(t, bucket, policy, email ? FactorErrors.tooManyEmails() : FactorErrors.tooManyPhoneMessages());
  }
  const code = generateOneTimeCode(t.random);
  const oobCode = randomToken(t.random, 32);
  const digest = oobDigest(t, oobCode);
  await t.store.oobCodes.insert({
    oob_digest: digest, purpose: send.purpose, user_id: subject.userId, client_id: subject.clientId, authenticator_id: send.row.id,
    channel: send.channel, code_digest: oneTimeCodeDigest(t, code), created_at: now, expires_at: now + OOB_CODE_TTL_MS, consumed_at: null,
  });
  const templates = (await t.store.guardianPhone.get()).templates ?? DEFAULT_PHONE_TEMPLATES;
  const authenticator = { id: send.row.id, type: send.channel, ...(send.row.phone_number ? { phone_number: send.row.phone_number } : {}) };
  const who = { origin: ctx.origin, userId: subject.userId, clientId: subject.clientId };
  try {
    const delivery = await ctx.delivery(send.channel);
    const template = send.purpose === 'enrollment' ? templates.enrollment_message : templates.verification_message;
    const sent = await delivery.send({ channel: send.channel, to: send.to, code, template, tenantName: await t.store.tenant.name(), ...(send.email ? { email: send.email } : {}) });
    await t.audit.record({ type: CODE_SENT_LOG[send.channel], ...who, details: { authenticator, provider: sent.provider, message_id: sent.messageId } });
    return oobCode;
  } catch (error) {
    // Nothing the user could redeem is left behind: the code never arrived.
    await t.store.oobCodes.remove(digest);
    await undo(ctx, subject, send);
    if (!(error instanceof DeliveryError)) throw error;
    const providerError = { errorCode: error.providerCode ?? (error.retryable ? 'retryable' : 'refused'), message: error.message };
    await t.audit.record({ type: CODE_SEND_FAILED_LOG[send.channel], ...who, description: error.message, details: { authenticator, provider: error.provider, provider_error: providerError } });
    throw FactorErrors.sendingFailed(send.channel, error.message);
  }
}

/**
 * Takes back what the caller wrote for a send that did not happen: its own rows (`rollback`) and, for an
 * enrollment, the recovery code issued with it, which the error answer never showed anyone. Only the
 * pending (inactive) one goes: an enrollment's is the only such row, since each new one replaces it.
 */
async function undo(ctx: FactorContext, subject: FactorSubject, send: CodeSend): Promise<void> {
  await send.rollback?.();
  if (send.purpose === 'enrollment') await ctx.t.store.authenticators.removeInactive(subject.userId, 'recovery-code');
}
