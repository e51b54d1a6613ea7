import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { OAuthErrors } from '../../errors.js';
import { authenticateClient } from '../../services/client-auth.js';
import { resolveGrantMfaToken } from '../../services/mfa-tokens.js';
import { requestOrigin } from '../../context.js';
import { codeDeliveryFor } from '../../factors/delivery.js';
import { challengeableAuthenticators } from '../../factors/listing.js';
import { factorOfKind } from '../../factors/registry.js';
import type { OobCodeChannel } from '../../store/oob-codes.js';
import { errorResponses } from './schemas.js';

const Body = Type.Object({
  mfa_token: Type.String({ minLength: 1 }),
  client_id: Type.String({ minLength: 1 }),
  client_secret: Type.Optional(Type.String()),
  // Private Key JWT (RFC 7523 §2.2), in place of client_secret.
  client_assertion: Type.Optional(Type.String()),
  client_assertion_type: Type.Optional(Type.String()),
  challenge_type: Type.Optional(Type.String()),
  authenticator_id: Type.Optional(Type.String({ minLength: 1 })),
  oob_channel: Type.Optional(Type.String()),
});

const Challenge = Type.Object({
  challenge_type: Type.Union([Type.Literal('otp'), Type.Literal('oob')]),
  oob_code: Type.Optional(Type.String()),
  binding_method: Type.Optional(Type.String()),
  /** Tessera's number matching: the 2-digit number the sign-in screen shows and the device must pick. */
  number_challenge: Type.Optional(Type.String()),
});

const CHALLENGE_TYPES = ['otp', 'oob'] as const;

/**
 * POST /mfa/challenge (https://auth0.com/docs/api/authentication/multi-factor-authentication/request-mfa-challenge): picks the first of the user's active authenticators (or the one
 * named) whose challenge type the application accepts, and lets its factor challenge it (factors/registry.ts).
 * OTP needs nothing sent: `{ challenge_type: "otp" }`.
 */
export const challengeRoute: FastifyPluginAsync = async (app) => {
  app.post<{ Body: Static<typeof Body> }>(
    '/mfa/challenge',
    { schema: { body: Body, response: { 200: Challenge, ...errorResponses } } },
    async (request, reply) => {
      const t = app.tessera;
      const body = request.body;
      const client = await authenticateClient(t, body, request.headers.authorization);
      const subject = await resolveGrantMfaToken(t, body.mfa_token, client, false);
      const accepted = body.challenge_type === undefined ? [...CHALLENGE_TYPES] : body.challenge_type.split(/\s+/).filter(Boolean);
      const unknown = accepted.find((type) => !(CHALLENGE_TYPES as readonly string[]).includes(type));
      if (unknown !== undefined || accepted.length === 0) throw OAuthErrors.invalidRequest(`Invalid challenge_type: ${unknown ?? ''}`.trim());

      const enrolled = await challengeableAuthenticators(t, subject.userId);
      if (enrolled.length === 0) throw OAuthErrors.associationRequired();
      const candidates = body.authenticator_id === undefined ? enrolled : enrolled.filter((row) => row.id === body.authenticator_id);
      // Another user's id and an unknown id read the same: existence is not revealed.
      if (candidates.length === 0) throw OAuthErrors.invalidRequest('The authenticator_id is not valid for this user.');
      const enabled = new Set((await t.store.tenant.factors()).filter((factor) => factor.enabled).map((factor) => factor.name));
      const chosen = candidates.find((row) => {
        const factor = factorOfKind(row.kind);
        return factor.challenge !== undefined && factor.challengeType !== undefined && accepted.includes(factor.challengeType) && enabled.has(factor.factor);
      });
      if (!chosen) throw OAuthErrors.unsupportedChallengeType();
      const ctx = { t, pushHub: app.pushHub, delivery: (c: OobCodeChannel) => codeDeliveryFor(app, c), origin: requestOrigin(request), reply };
      return await factorOfKind(chosen.kind).challenge!(ctx, { userId: subject.userId, clientId: client.client_id }, chosen, body.authenticator_id !== undefined);
    },
  );
};
