import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { ManagementError, ManagementErrors } from '../../errors.js';
import { DEFAULT_PHONE_TEMPLATES, templateProblem } from '../../delivery/templates.js';
import { TWILIO_TOKEN_PURPOSE } from '../../factors/delivery.js';
import { PHONE_MESSAGE_TYPES, type GuardianPhoneConfig } from '../../store/guardian-phone.js';
import { guardianPhoneProviderRoutes } from './guardian-phone-provider.js';
import { guardianPhoneTestRoutes } from './guardian-phone-test.js';
import { managementErrors } from './schemas.js';

const MessageTypes = Type.Object(
  { message_types: Type.Array(Type.Union([Type.Literal(PHONE_MESSAGE_TYPES[0]), Type.Literal(PHONE_MESSAGE_TYPES[1])]), { uniqueItems: true, maxItems: 2 }) },
  { additionalProperties: false },
);
const Templates = Type.Object(
  { enrollment_message: Type.String({ minLength: 1, maxLength: 1000 }), verification_message: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);
const Nullable = (max: number) => Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: max }), Type.Null()]));
const TwilioBody = Type.Object(
  { from: Nullable(64), messaging_service_sid: Nullable(1000), auth_token: Nullable(1000), sid: Nullable(1000) },
  { additionalProperties: false },
);
/**
 * The answer never carries `auth_token`: it is sealed at rest and write-only. `auth_token_configured` is
 * Tessera's own field (Auth0 answers the token itself instead): whether one is saved, as the custom
 * provider's `secret_configured` says, so a console can show "set" without ever seeing it.
 */
const TwilioView = Type.Object({
  from: Type.Union([Type.String(), Type.Null()]), messaging_service_sid: Type.Union([Type.String(), Type.Null()]), sid: Type.Union([Type.String(), Type.Null()]),
  auth_token_configured: Type.Boolean(),
});

const twilioView = (config: GuardianPhoneConfig) => ({
  from: config.twilio?.from ?? null, messaging_service_sid: config.twilio?.messaging_service_sid ?? null, sid: config.twilio?.sid ?? null,
  auth_token_configured: Boolean(config.twilio?.auth_token_enc),
});

/**
 * The phone factor's settings, as Auth0's Management API shapes them (https://auth0.com/docs/api/management/v2/guardian/put-message-types, …/put-factor-phone-templates,
 * …/put-twilio): which channels SMS offers, the message templates (checked by delivery/templates.ts) and Twilio's credentials.
 * Auth0 serves templates and Twilio under both `factors/sms/` (older) and `factors/phone/`; both answer here.
 */
export const guardianPhoneRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  const read = { config: { scopes: ['read:guardian_factors'] as const } };
  const update = { config: { scopes: ['update:guardian_factors'] as const } };
  const audit = (clientId: string | undefined, details: Record<string, unknown>) => t.audit.record({ type: 'gd_tenant_update', clientId, details });

  app.get('/guardian/factors/phone/message-types', { ...read, schema: { response: { 200: MessageTypes, ...managementErrors } } }, async () => ({
    message_types: (await t.store.guardianPhone.get()).message_types,
  }));
  app.put<{ Body: Static<typeof MessageTypes> }>(
    '/guardian/factors/phone/message-types',
    { ...update, schema: { body: MessageTypes, response: { 200: MessageTypes, ...managementErrors } } },
    async (request) => {
      const config = await t.store.guardianPhone.get();
      await t.store.guardianPhone.put({ ...config, message_types: request.body.message_types });
      await audit(request.management?.clientId, { phone: { message_types: request.body.message_types } });
      return { message_types: request.body.message_types };
    },
  );

  for (const factor of ['sms', 'phone']) {
    app.get(`/guardian/factors/${factor}/templates`, { ...read, schema: { response: { 200: Templates, ...managementErrors } } }, async () =>
      (await t.store.guardianPhone.get()).templates ?? { ...DEFAULT_PHONE_TEMPLATES },
    );
    app.put<{ Body: Static<typeof Templates> }>(
      `/guardian/factors/${factor}/templates`,
      { ...update, schema: { body: Templates, response: { 200: Templates, ...managementErrors } } },
      async (request) => {
        for (const field of ['enrollment_message', 'verification_message'] as const) {
          const problem = templateProblem(request.body[field]);
          if (problem !== null) throw ManagementErrors.invalidBody(`Payload validation error: '${problem}' on property ${field}.`);
        }
        const config = await t.store.guardianPhone.get();
        await t.store.guardianPhone.put({ ...config, templates: request.body });
        await audit(request.management?.clientId, { phone: { templates: request.body } });
        return request.body;
      },
    );

    app.get(`/guardian/factors/${factor}/providers/twilio`, { ...read, schema: { response: { 200: TwilioView, ...managementErrors } } }, async () =>
      twilioView(await t.store.guardianPhone.get()),
    );
    app.put<{ Body: Static<typeof TwilioBody> }>(
      `/guardian/factors/${factor}/providers/twilio`,
      { ...update, schema: { body: TwilioBody, response: { 200: TwilioView, ...managementErrors } } },
      async (request) => {
        const body = request.body;
        if (body.from && !/^\+[1-9][0-9]{7,14}$/.test(body.from)) throw new ManagementError(400, 'invalid_body', "Payload validation error: 'from must be an E.164 phone number' on property from.");
        const config = await t.store.guardianPhone.get();
        const current = config.twilio ?? { sid: null, auth_token_enc: null, from: null, messaging_service_sid: null };
        // Left out: unchanged; null: cleared. The token is sealed at once and never answered.
        const pick = <K extends 'sid' | 'from' | 'messaging_service_sid'>(key: K) => (body[key] === undefined ? current[key] : body[key]);
        const token = body.auth_token === undefined ? current.auth_token_enc : body.auth_token === null ? null : t.secrets.encrypt(body.auth_token, TWILIO_TOKEN_PURPOSE);
        const twilio = { sid: pick('sid'), auth_token_enc: token, from: pick('from'), messaging_service_sid: pick('messaging_service_sid') };
        await t.store.guardianPhone.put({ ...config, twilio });
        const { auth_token_configured: _configured, ...view } = twilioView({ ...config, twilio });
        await audit(request.management?.clientId, { phone: { twilio: { ...view, auth_token: token === null ? 'cleared' : body.auth_token === undefined ? 'unchanged' : 'replaced' } } });
        return twilioView({ ...config, twilio });
      },
    );
  }
  await app.register(guardianPhoneProviderRoutes);
  await app.register(guardianPhoneTestRoutes);
};
