import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DeliveryError, type DeliveryChannel, type DeliveryRequest } from '../../delivery/types.js';
import { ManagementError } from '../../errors.js';
import { CODE_SEND_FAILED_LOG, CODE_SENT_LOG } from '../../factors/code-send.js';
import { codeDeliveryFor } from '../../factors/delivery.js';
import { generateOneTimeCode } from '../../factors/one-time-code.js';
import type { BucketPolicy } from '../../store/rate-buckets.js';

export interface TestMessage {
  channel: DeliveryChannel;
  to: string;
  /** The rest of the delivery request: the template (and for email the `mfa_oob_code` one). */
  message: Pick<DeliveryRequest, 'template' | 'email'>;
  /** Each admin client's tests of a channel share one bucket, as a user's codes do: a test costs what a real send does. */
  bucket: { prefix: string; policy: BucketPolicy };
  /** What the audit event says besides the provider's answer (the recipient, the channel). */
  details: Record<string, unknown>;
}

/**
 * Tessera's test messages (Auth0 has none): a message with a random code, which nobody can redeem,
 * through the delivery a real code would take now, so an admin can check the provider. Audited as a
 * send; the code is never answered or logged. A provider failure is the admin's configuration to fix: 400.
 */
export async function sendTestMessage(app: FastifyInstance, request: FastifyRequest, test: TestMessage): Promise<{ provider: string; message_id: string }> {
  const t = app.tessera;
  const clientId = request.management?.clientId;
  if (!(await t.store.rateBuckets.consume(`${test.bucket.prefix}:${clientId ?? 'unknown'}`, test.bucket.policy, t.clock.now()))) {
    throw new ManagementError(429, 'too_many_requests', 'Too many test messages. Wait before retrying.');
  }
  const details = { test_message: true, ...test.details };
  try {
    const delivery = await codeDeliveryFor(app, test.channel);
    const code = generateOneTimeCode(t.random);
    const sent = await delivery.send({ channel: test.channel, to: test.to, code, tenantName: await t.store.tenant.name(), ...test.message });
    await t.audit.record({ type: CODE_SENT_LOG[test.channel], clientId, details: { ...details, provider: sent.provider, message_id: sent.messageId } });
    return { provider: sent.provider, message_id: sent.messageId };
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    await t.audit.record({ type: CODE_SEND_FAILED_LOG[test.channel], clientId, description: error.message, details: { ...details, provider: error.provider } });
    // The provider's failure in the server's words (never its body).
    throw new ManagementError(400, 'provider_error', error.message);
  }
}
