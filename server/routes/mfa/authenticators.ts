import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { requestOrigin } from '../../context.js';
import { OAuthErrors } from '../../errors.js';
import { FactorErrors } from '../../factors/errors.js';
import { implicitEmailFor } from '../../factors/email-factor.js';
import { bearerAuthenticators } from '../../factors/listing.js';
import { factorOfKind } from '../../factors/registry.js';
import { resolveMfaAccessToken } from '../../services/mfa-tokens.js';
import { AuthenticatorView, errorResponses } from './schemas.js';

const Params = Type.Object({ id: Type.String({ minLength: 1 }) });

/** GET and DELETE /mfa/authenticators (https://auth0.com/docs/api/authentication/multi-factor-authentication/list-authenticators, https://auth0.com/docs/api/authentication/multi-factor-authentication/delete-authenticator). */
export const authenticatorRoutes: FastifyPluginAsync = async (app) => {
  app.get('/mfa/authenticators', { schema: { response: { 200: Type.Array(AuthenticatorView), ...errorResponses } } }, async (request) => {
    const rows = await bearerAuthenticators(app.tessera, request.headers.authorization, 'read:authenticators');
    return rows.map((row) => factorOfKind(row.kind).view(row));
  });

  /** Needs an MFA-audience token with remove:authenticators: an mfa_token is not enough. */
  app.delete<{ Params: Static<typeof Params> }>(
    '/mfa/authenticators/:id',
    { schema: { params: Params, response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      const t = app.tessera;
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      if (!match?.[1]) throw OAuthErrors.missingToken();
      const subject = await resolveMfaAccessToken(t, match[1]);
      if (!subject.scopes.includes('remove:authenticators')) throw OAuthErrors.insufficientScope(['remove:authenticators']);
      const row = await t.store.authenticators.find(request.params.id);
      // "You can only delete email authenticators that are enrolled explicitly" (https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authenticator-factors-mfa-api).
      if (!row && (await implicitEmailFor(t, subject.userId, []))?.id === request.params.id) throw FactorErrors.implicitEmail();
      if (!row || row.user_id !== subject.userId) throw OAuthErrors.authenticatorNotFound();
      if (row.kind === 'recovery-code') throw OAuthErrors.cannotDeleteRecoveryCode();
      // Linked authenticators (push + its OTP) go together (https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authenticator-factors-mfa-api).
      await t.store.authenticators.removeLinked(row.link_id, subject.userId);
      app.pushHub.disconnect(row.link_id);
      await t.audit.record({
        type: 'gd_unenroll',
        origin: requestOrigin(request),
        userId: subject.userId,
        clientId: subject.clientId,
        details: { authenticator: { id: row.id, type: row.kind }, initiator: 'user' },
      });
      return reply.code(204).send();
    },
  );
};
