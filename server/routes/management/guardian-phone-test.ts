import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { ManagementError } from '../../errors.js';
import { DEFAULT_PHONE_TEMPLATES } from '../../delivery/templates.js';
import { DeliveryError } from '../../delivery/types.js';
import { CODE_SEND_FAILED_LOG, CODE_SENT_LOG } from '../../factors/code-send.js';
import { codeDeliveryFor } from '../../factors/delivery.js';
import { generateOneTimeCode } from '../../factors/one-time-code.js';
import { PHONE_SEND_BUCKET } from '../../services/rate-limits.js';
import { checkPhoneNumber } from '../../services/phone-number.js';
import { managementErrors } from './schemas.js';

const TestMessage = Type.Object(
  { channel: Type.Union([Type.Literal('sms'), Type.Literal('voice')]), phone_number: Type.String({ minLength: 1, maxLength: 32 }) },
  { additionalProperties: false },
);
const TestMessageResult = Type.Object({ provider: Type.String(), message_id: Type.String() });

/** Each admin client's test messages share one bucket, as a user's codes do: a test costs what a real send does. */
const testSendsKey = (clientId: string | undefined) => `phone-test-sends:${clientId ?? 'unknown'}`;

/**
 * `POST /guardian/factors/phone/test-message`, Tessera's extension (Auth0 has no such path): sends the
 * verification template with a random code, which nobody can redeem, through the delivery a real code
 * would take now, so an admin can check the provider. Audited as a send; the code is never answered.
 */
export const guardianPhoneTestRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  app.post<{ Body: Static<typeof TestMessage> }>(
    '/guardian/factors/phone/test-message',
    { config: { scopes: ['update:guardian_factors'] as const }, schema: { body: TestMessage, response: { 200: TestMessageResult, ...managementErrors } } },
    async (request) => {
      const { channel } = request.body;
      const phone = checkPhoneNumber(request.body.phone_number);
      if (!phone.valid) throw new ManagementError(400, 'invalid_body', "Payload validation error: 'phone_number must be an E.164 phone number' on property phone_number.");
      const clientId = request.management?.clientId;
      if (!(await t.store.rateBuckets.consume(testSendsKey(clientId), PHONE_SEND_BUCKET, t.clock.now()))) {
        throw new ManagementError(429, 'too_many_requests', 'Too many test messages. Wait before retrying.');
      }
      const template = ((await t.store.guardianPhone.get()).templates ?? DEFAULT_PHONE_TEMPLATES).verification_message;
      const details = { test_message: true, channel, phone_number: phone.phoneNumber };
      try {
        const delivery = await codeDeliveryFor(app, channel);
        const sent = await delivery.send({ channel, to: phone.phoneNumber, code: generateOneTimeCode(t.random), template, tenantName: await t.store.tenant.name() });
        await t.audit.record({ type: CODE_SENT_LOG[channel], clientId, details: { ...details, provider: sent.provider, message_id: sent.messageId } });
        return { provider: sent.provider, message_id: sent.messageId };
      } catch (error) {
        if (!(error instanceof DeliveryError)) throw error;
        await t.audit.record({ type: CODE_SEND_FAILED_LOG[channel], clientId, description: error.message, details: { ...details, provider: error.provider } });
        // The provider's failure in the server's words (never its body): the admin's configuration to fix.
        throw new ManagementError(400, 'provider_error', error.message);
      }
    },
  );
};
