import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { requestOrigin } from '../../context.js';
import { OAuthErrors } from '../../errors.js';
import { hasActiveFactor } from '../../services/authenticators.js';
import { associateOtp } from '../../services/enrollment.js';
import { resolveBearer } from '../../services/mfa-tokens.js';
import { startPushEnrollment } from '../../services/push.js';
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

/** Factor names for the oob channels, to say which factor is missing. */
const OOB_FACTOR: Record<string, string> = { auth0: 'push-notification', sms: 'sms', voice: 'sms', email: 'email' };

/**
 * POST /mfa/associate (https://auth0.com/docs/api/authentication/multi-factor-authentication/add-an-authenticator). An mfa_token may enroll only while the user has no active
 * authenticator; after that an MFA-audience token with `enroll` is required.
 */
export const associateRoute: FastifyPluginAsync = async (app) => {
  app.post<{ Body: Static<typeof Body> }>(
    '/mfa/associate',
    { schema: { body: Body, response: { 200: Type.Union([OtpAssociation, PushAssociation]), ...errorResponses } } },
    async (request, reply) => {
      const t = app.tessera;
      const subject = await resolveBearer(t, request.headers.authorization);
      if (subject.kind === 'access-token' && !subject.scopes.includes('enroll')) throw OAuthErrors.insufficientScope(['enroll']);
      if (subject.kind === 'transaction' && (await hasActiveFactor(t, subject.userId))) throw OAuthErrors.alreadyEnrolled();
      const { authenticator_types: types } = request.body;
      if (types.includes('otp')) {
        if (!(await t.store.tenant.isFactorEnabled('otp'))) throw OAuthErrors.factorDisabled('otp');
        // The body carries the TOTP seed and a recovery code: never cache it (RFC 6749 §5.1 by analogy).
        reply.headers({ 'cache-control': 'no-store', pragma: 'no-cache' });
        const { id: _id, ...association } = await associateOtp(t, subject.userId, subject.clientId, requestOrigin(request));
        return association;
      }
      const channels = [request.body.oob_channels ?? []].flat();
      const factor = OOB_FACTOR[channels[0] ?? ''];
      if (!factor) throw OAuthErrors.invalidRequest('oob_channels must be one of: auth0, sms, voice, email');
      if (factor !== 'push-notification' || !(await t.store.tenant.isFactorEnabled('push-notification'))) throw OAuthErrors.factorDisabled(factor);
      reply.headers({ 'cache-control': 'no-store', pragma: 'no-cache' });
      const association = await startPushEnrollment(t, subject.userId, subject.clientId);
      await t.audit.record({ type: 'gd_start_enroll', origin: requestOrigin(request), userId: subject.userId, clientId: subject.clientId, details: { authenticator: { type: 'push' } } });
      return association;
    },
  );
};
