import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { ManagementError } from '../../errors.js';
import { DEFAULT_PHONE_TEMPLATES } from '../../delivery/templates.js';
import { PHONE_SEND_BUCKET } from '../../services/rate-limits.js';
import { checkPhoneNumber } from '../../services/phone-number.js';
import { managementErrors } from './schemas.js';
import { sendTestMessage } from './test-message.js';

const TestMessage = Type.Object(
  { channel: Type.Union([Type.Literal('sms'), Type.Literal('voice')]), phone_number: Type.String({ minLength: 1, maxLength: 32 }) },
  { additionalProperties: false },
);
export const TestMessageResult = Type.Object({ provider: Type.String(), message_id: Type.String() });

/**
 * `POST /guardian/factors/phone/test-message`, Tessera's extension (Auth0 has no such path): the
 * verification template with a code nobody can redeem, through the phone provider configured now.
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
      const template = ((await t.store.guardianPhone.get()).templates ?? DEFAULT_PHONE_TEMPLATES).verification_message;
      return await sendTestMessage(app, request, {
        channel, to: phone.phoneNumber, message: { template },
        bucket: { prefix: 'phone-test-sends', policy: PHONE_SEND_BUCKET },
        details: { channel, phone_number: phone.phoneNumber },
      });
    },
  );
};
