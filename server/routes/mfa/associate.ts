import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { requestOrigin } from '../../context.js';
import { OAuthErrors } from '../../errors.js';
import { hasActiveFactor } from '../../services/authenticators.js';
import { codeDeliveryFor } from '../../factors/delivery.js';
import { factorForAssociation, OOB_SELECTORS } from '../../factors/registry.js';
import { resolveBearer } from '../../services/mfa-tokens.js';
import type { OobCodeChannel } from '../../store/oob-codes.js';
import { errorResponses } from './schemas.js';

const Body = Type.Object({
  authenticator_types: Type.Array(Type.Union([Type.Literal('otp'), Type.Literal('oob')]), { minItems: 1 }),
  oob_channels: Type.Optional(Type.Union([Type.Array(Type.String()), Type.String()])),
  phone_number: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  client_id: Type.Optional(Type.String()),
  client_secret: Type.Optional(Type.String()),
});

const OtpAssociation = Type.Object({
  authenticator_type: Type.Literal('otp'),
  secret: Type.String(),
  barcode_uri: Type.String(),
  recovery_codes: Type.Optional(Type.Array(Type.String())),
});
const PushAssociation = Type.Object({
  authenticator_type: Type.Literal('oob'),
  barcode_uri: Type.String(),
  recovery_codes: Type.Optional(Type.Array(Type.String())),
  oob_channel: Type.Literal('auth0'),
  oob_code: Type.String(),
});
const CodeAssociation = Type.Object({
  authenticator_type: Type.Literal('oob'),
  binding_method: Type.Literal('prompt'),
  recovery_codes: Type.Optional(Type.Array(Type.String())),
  oob_channel: Type.Union([Type.Literal('sms'), Type.Literal('voice'), Type.Literal('email')]),
  oob_code: Type.String(),
});

/**
 * POST /mfa/associate (https://auth0.com/docs/api/authentication/multi-factor-authentication/add-an-authenticator). An mfa_token may enroll only while the user has no active
 * authenticator; after that an MFA-audience token with `enroll` is required. The factor named by
 * `authenticator_types` (and `oob_channels`) enrolls (factors/registry.ts).
 */
export const associateRoute: FastifyPluginAsync = async (app) => {
  app.post<{ Body: Static<typeof Body> }>(
    '/mfa/associate',
    { schema: { body: Body, response: { 200: Type.Union([OtpAssociation, PushAssociation, CodeAssociation]), ...errorResponses } } },
    async (request, reply) => {
      const t = app.tessera;
      const subject = await resolveBearer(t, request.headers.authorization);
      if (subject.kind === 'access-token' && !subject.scopes.includes('enroll')) throw OAuthErrors.insufficientScope(['enroll']);
      if (subject.kind === 'transaction' && (await hasActiveFactor(t, subject.userId))) throw OAuthErrors.alreadyEnrolled();
      const { authenticator_types: types } = request.body;
      const channel = types.includes('otp') ? undefined : [request.body.oob_channels ?? []].flat()[0];
      const selector = types.includes('otp') ? 'otp' : (channel ?? '');
      const factor = (OOB_SELECTORS as readonly string[]).includes(selector) || selector === 'otp' ? factorForAssociation(selector) : undefined;
      if (!factor?.associate) throw OAuthErrors.invalidRequest(`oob_channels must be one of: ${OOB_SELECTORS.join(', ')}`);
      if (!(await t.store.tenant.isFactorEnabled(factor.factor))) throw OAuthErrors.factorDisabled(factor.factor);
      await factor.checkEnabled?.(t, selector);
      const ctx = { t, pushHub: app.pushHub, delivery: (c: OobCodeChannel) => codeDeliveryFor(app, c), origin: requestOrigin(request), reply };
      const { phone_number, email } = request.body;
      return await factor.associate(ctx, { userId: subject.userId, clientId: subject.clientId }, { channel, phone_number, email });
    },
  );
};
