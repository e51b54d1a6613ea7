import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { DEFAULT_PHONE_TEMPLATES } from '../../delivery/templates.js';
import { ManagementError } from '../../errors.js';
import { mfaEmailTemplate } from '../../factors/email-template-request.js';
import { EMAIL_SEND_BUCKET } from '../../services/rate-limits.js';
import { TestMessageResult } from './guardian-phone-test.js';
import { managementErrors } from './schemas.js';
import { sendTestMessage } from './test-message.js';

/** RFC 5321 §4.5.3.1: 64 + @ + 255, rounded up. */
const TestEmail = Type.Object({ email: Type.String({ minLength: 1, maxLength: 320 }) }, { additionalProperties: false });
const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

/**
 * `POST /guardian/factors/email/test-message`, Tessera's extension as the phone one is: the MFA code email
 * (the `mfa_oob_code` template when enabled, else Tessera's default) with a code nobody can redeem,
 * through the server's SMTP (or the developer outbox), so an admin sees what a user would get.
 */
export const guardianEmailTestRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  app.post<{ Body: Static<typeof TestEmail> }>(
    '/guardian/factors/email/test-message',
    { config: { scopes: ['update:guardian_factors'] as const }, schema: { body: TestEmail, response: { 200: TestMessageResult, ...managementErrors } } },
    async (request) => {
      const { email } = request.body;
      if (!ADDRESS.test(email)) throw new ManagementError(400, 'invalid_body', "Payload validation error: 'email must be an email address' on property email.");
      const template = await mfaEmailTemplate(t, { clientId: request.management?.clientId });
      return await sendTestMessage(app, request, {
        channel: 'email', to: email,
        message: { template: ((await t.store.guardianPhone.get()).templates ?? DEFAULT_PHONE_TEMPLATES).verification_message, ...(template ? { email: template } : {}) },
        bucket: { prefix: 'email-test-sends', policy: EMAIL_SEND_BUCKET },
        details: { channel: 'email', email },
      });
    },
  );
};
