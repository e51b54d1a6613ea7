import { activatePendingRecoveryCode } from '../../services/enrollment.js';
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import type { JWK } from 'jose';
import { requestOrigin } from '../../context.js';
import { randomToken } from '../../crypto/random.js';
import { generateTotpSecret, TOTP_DIGITS, TOTP_PERIOD_S } from '../../factors/otp.js';
import { authenticatorId, newLinkId } from '../../services/authenticators.js';
import { deviceApi, enrollmentTxDigest } from '../../services/push.js';
import { GuardianErrors } from '../../errors.js';
import { importDeviceKey } from './device-auth.js';
import { managementErrors } from '../management/schemas.js';

const EnrollBody = Type.Object({
  identifier: Type.String({ minLength: 1, maxLength: 256 }),
  name: Type.String({ minLength: 1, maxLength: 256 }),
  push_credentials: Type.Optional(Type.Object({ service: Type.String({ maxLength: 64 }), token: Type.String({ maxLength: 4096 }) })),
  public_key: Type.Object({
    kty: Type.Literal('RSA'),
    n: Type.String({ minLength: 300, maxLength: 2048 }),
    e: Type.String({ minLength: 1, maxLength: 16 }),
    alg: Type.Optional(Type.Literal('RS256')),
    use: Type.Optional(Type.String()),
    kid: Type.Optional(Type.String()),
  }),
});
const Enrollment = Type.Object({
  id: Type.String(),
  url: Type.String(),
  user_id: Type.String(),
  issuer: Type.String(),
  token: Type.String(),
  totp: Type.Object({ secret: Type.String(), algorithm: Type.String(), digits: Type.Integer(), period: Type.Integer() }),
});

/**
 * POST {issuer}appliance-mfa/api/enroll (reference §7.3): a device spends the enrollment transaction
 * from the QR code and becomes the user's push authenticator, with its linked OTP authenticator.
 */
export const deviceEnrollRoute: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  app.post<{ Body: Static<typeof EnrollBody> }>(
    '/appliance-mfa/api/enroll',
    { schema: { body: EnrollBody, response: { 201: Enrollment, ...managementErrors } } },
    async (request, reply) => {
      const ticket = /^Ticket\s+id="([^"]+)"$/i.exec(request.headers.authorization ?? '')?.[1];
      if (!ticket) throw GuardianErrors.enrollmentTxNotFound();
      const body = request.body;
      let key: Awaited<ReturnType<typeof importDeviceKey>>;
      try {
        key = await importDeviceKey(body.public_key as JWK);
      } catch {
        throw GuardianErrors.invalidPublicKey();
      }
      if (Buffer.from(body.public_key.n, 'base64url').length < 256 || !key) throw GuardianErrors.invalidPublicKey();

      const now = t.clock.now();
      const tx = t.store.push.byEnrollmentTx(enrollmentTxDigest(t, ticket));
      if (!tx || tx.status !== 'pending' || tx.expires_at <= now) throw GuardianErrors.enrollmentTxNotFound();
      const linkId = newLinkId(t);
      const secret = generateTotpSecret(t.random);
      const deviceToken = randomToken(t.random, 32);
      const enrolled = t.store.transaction(() => {
        // The transaction works once: of two devices racing, one wins.
        if (!t.store.push.resolve(tx.oob_digest, 'accepted', null, linkId, now)) return false;
        const base = { user_id: tx.user_id, link_id: linkId, name: body.name, code_digest: null, active: 1, last_used_step: null, created_at: now, confirmed_at: now, last_auth_at: null };
        t.store.authenticators.insert({ ...base, id: authenticatorId('push', linkId), kind: 'push', secret_enc: null });
        const totpId = authenticatorId('totp', linkId);
        t.store.authenticators.insert({ ...base, id: totpId, kind: 'totp', secret_enc: t.secrets.encrypt(secret, `authenticator:${totpId}`) });
        t.store.push.insertDevice({
          link_id: linkId, user_id: tx.user_id, identifier: body.identifier, name: body.name,
          public_jwk: JSON.stringify({ kty: 'RSA', n: body.public_key.n, e: body.public_key.e, alg: 'RS256', use: 'sig' }),
          push_credentials: JSON.stringify(body.push_credentials ?? { service: 'TESSERA_SSE', token: body.identifier }),
          token_digest: t.secrets.digest('device-token', deviceToken), created_at: now, updated_at: now,
        });
        activatePendingRecoveryCode(t, tx.user_id, now);
        return true;
      });
      if (!enrolled) throw GuardianErrors.enrollmentTxNotFound();
      t.audit.record({
        type: 'gd_enrollment_complete', origin: requestOrigin(request), userId: tx.user_id, clientId: tx.client_id,
        details: { authenticator: { id: authenticatorId('push', linkId), type: 'push' }, enrollment: { _id: linkId, name: body.name, identifier: body.identifier } },
      });
      return reply.code(201).send({
        id: linkId,
        url: `${deviceApi(t).deviceAccounts}/${linkId}`,
        user_id: tx.user_id,
        issuer: t.store.tenant.name(),
        token: deviceToken,
        totp: { secret, algorithm: 'sha1', digits: TOTP_DIGITS, period: TOTP_PERIOD_S },
      });
    },
  );
};
