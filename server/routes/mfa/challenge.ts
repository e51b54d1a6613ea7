import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { OAuthErrors } from '../../errors.js';
import { authenticateClient } from '../../services/client-auth.js';
import { resolveGrantMfaToken } from '../../services/mfa-tokens.js';
import type { AuthenticatorKind } from '../../store/authenticators.js';
import type { FactorName } from '../../store/tenant.js';
import { requestOrigin } from '../../context.js';
import { createPushChallenge, PUSH_SEND_BUCKET } from '../../services/push.js';
import { errorResponses } from './schemas.js';

const Body = Type.Object({
  mfa_token: Type.String({ minLength: 1 }),
  client_id: Type.String({ minLength: 1 }),
  client_secret: Type.Optional(Type.String()),
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
const FACTOR_OF: Partial<Record<AuthenticatorKind, FactorName>> = { totp: 'otp', push: 'push-notification', sms: 'sms', voice: 'sms', email: 'email' };
const CHALLENGE_OF: Partial<Record<AuthenticatorKind, 'otp' | 'oob'>> = { totp: 'otp', push: 'oob', sms: 'oob', voice: 'oob', email: 'oob' };

/**
 * POST /mfa/challenge (https://auth0.com/docs/api/authentication/multi-factor-authentication/request-mfa-challenge): picks the first of the user's active authenticators (or the one
 * named) whose challenge type the application accepts. OTP needs nothing sent: `{ challenge_type: "otp" }`.
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

      const enrolled = (await t.store.authenticators.forUser(subject.userId)).filter((row) => row.active && row.kind !== 'recovery-code');
      if (enrolled.length === 0) throw OAuthErrors.associationRequired();
      const candidates = body.authenticator_id === undefined ? enrolled : enrolled.filter((row) => row.id === body.authenticator_id);
      // Another user's id and an unknown id read the same: existence is not revealed.
      if (candidates.length === 0) throw OAuthErrors.invalidRequest('The authenticator_id is not valid for this user.');
      const enabled = new Set((await t.store.tenant.factors()).filter((factor) => factor.enabled).map((factor) => factor.name));
      const chosen = candidates.find((row) => {
        const type = CHALLENGE_OF[row.kind];
        const factor = FACTOR_OF[row.kind];
        return type !== undefined && factor !== undefined && accepted.includes(type) && enabled.has(factor);
      });
      if (!chosen) throw OAuthErrors.unsupportedChallengeType();
      if (chosen.kind !== 'push') return { challenge_type: 'otp' as const };

      const now = t.clock.now();
      if ((await t.store.users.find(subject.userId))?.push_locked_at) throw OAuthErrors.pushLocked();
      const bucket = `push-sends:${subject.userId}`;
      if (!(await t.store.rateBuckets.consume(bucket, PUSH_SEND_BUCKET, now))) throw OAuthErrors.tooManyPushes();
      reply.header('cache-control', 'no-store');
      const challenge = await createPushChallenge(t, app.pushHub, {
        userId: subject.userId,
        clientId: client.client_id,
        linkId: body.authenticator_id === undefined ? null : chosen.link_id,
        origin: requestOrigin(request),
      });
      return { challenge_type: 'oob' as const, ...challenge };
    },
  );
};
