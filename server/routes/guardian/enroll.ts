import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import type { JWK } from 'jose';
import { requestOrigin } from '../../context.js';
import { TOTP_DIGITS, TOTP_PERIOD_S } from '../../factors/otp.js';
import { authenticatorId } from '../../services/authenticators.js';
import { enrollWithTransaction, type DeviceRegistration, type EnrolledDevice } from '../../services/device-enrollment.js';
import { deviceApi } from '../../services/push.js';
import { enrollDeviceWithTicket, type TicketDeviceEnrollment } from '../../services/tickets.js';
import { GuardianErrors, type ManagementError } from '../../errors.js';
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
  /** Only when a device spent an enrollment ticket for the user's first enrollment (Guardian.swift's test mock carries it, https://github.com/auth0/Guardian.swift). */
  recovery_code: Type.Optional(Type.String()),
});

/** Enrollment ticket ids (https://auth0.com/docs/secure/multi-factor-authentication/multi-factor-authentication-developer-resources/create-custom-enrollment-tickets); enrollment transaction ids are plain alphanumerics. */
const TICKET_PREFIX = 'gten_';

/** A used, expired or unknown ticket answers as an unknown enrollment transaction does: the holder learns nothing more. */
function ticketRefusal(result: Exclude<TicketDeviceEnrollment, { ok: true }>): ManagementError {
  switch (result.reason) {
    case 'factor':
      return GuardianErrors.ticketForOtherFactor(result.factor);
    case 'push-disabled':
      return GuardianErrors.pushEnrollmentDisabled();
    case 'enrolled':
      return GuardianErrors.alreadyEnrolled();
    default:
      return GuardianErrors.enrollmentTxNotFound();
  }
}

async function checkedKey(body: Static<typeof EnrollBody>): Promise<void> {
  let key: Awaited<ReturnType<typeof importDeviceKey>> | undefined;
  try {
    key = await importDeviceKey(body.public_key as JWK);
  } catch {
    throw GuardianErrors.invalidPublicKey();
  }
  if (Buffer.from(body.public_key.n, 'base64url').length < 256 || !key) throw GuardianErrors.invalidPublicKey();
}

/**
 * POST {issuer}appliance-mfa/api/enroll (https://github.com/auth0/Guardian.swift `Guardian/API/APIClient.swift`): a device becomes the user's push authenticator,
 * with its linked OTP authenticator, by spending `Ticket id="…"`: the enrollment transaction from the QR
 * code, or an enrollment ticket (`gten_…`), the way Guardian Android enrolls with a bare ticket (https://github.com/auth0/Guardian.Android `Guardian.java`).
 */
export const deviceEnrollRoute: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  app.post<{ Body: Static<typeof EnrollBody> }>(
    '/api/enroll',
    { schema: { body: EnrollBody, response: { 201: Enrollment, ...managementErrors } } },
    async (request, reply) => {
      const id = /^Ticket\s+id="([^"]+)"$/i.exec(request.headers.authorization ?? '')?.[1];
      if (!id) throw GuardianErrors.enrollmentTxNotFound();
      const body = request.body;
      await checkedKey(body);
      const device: DeviceRegistration = body;
      const origin = requestOrigin(request);

      let done: { userId: string; clientId: string | null; enrolled: EnrolledDevice; recoveryCode?: string; via?: string };
      if (id.startsWith(TICKET_PREFIX)) {
        const result = await enrollDeviceWithTicket(t, id, device, origin);
        if (!result.ok) throw ticketRefusal(result);
        done = { userId: result.userId, clientId: null, enrolled: result.enrolled, recoveryCode: result.recoveryCode, via: 'enrollment-ticket' };
      } else {
        const result = await enrollWithTransaction(t, id, device);
        if (!result.ok) throw GuardianErrors.enrollmentTxNotFound();
        done = result;
      }

      const { linkId, secret, deviceToken } = done.enrolled;
      await t.audit.record({
        type: 'gd_enrollment_complete', origin, userId: done.userId, clientId: done.clientId,
        details: {
          authenticator: { id: authenticatorId('push', linkId), type: 'push' },
          enrollment: { _id: linkId, name: body.name, identifier: body.identifier },
          ...(done.via ? { via: done.via } : {}),
        },
      });
      // The body carries the TOTP seed, and maybe the recovery code: never cache it.
      reply.headers({ 'cache-control': 'no-store', pragma: 'no-cache' });
      return reply.code(201).send({
        id: linkId,
        url: `${deviceApi(t).deviceAccounts}/${linkId}`,
        user_id: done.userId,
        issuer: (await t.store.tenant.name()),
        token: deviceToken,
        totp: { secret, algorithm: 'sha1', digits: TOTP_DIGITS, period: TOTP_PERIOD_S },
        ...(done.recoveryCode ? { recovery_code: done.recoveryCode } : {}),
      });
    },
  );
};
