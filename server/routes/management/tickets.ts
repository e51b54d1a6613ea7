import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { ManagementErrors } from '../../errors.js';
import { createTicket, TICKET_FACTORS, ticketDigest } from '../../services/tickets.js';
import { enrollmentInvitation } from '../enroll/email.js';
import { ManagementErrorBody, managementErrors } from './schemas.js';

const TicketBody = Type.Object(
  {
    user_id: Type.String({ minLength: 1 }),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
    send_mail: Type.Optional(Type.Boolean()),
    email_locale: Type.Optional(Type.String({ maxLength: 20 })),
    factor: Type.Optional(
      Type.Union(['push-notification', 'phone', 'email', 'otp', 'webauthn-roaming', 'webauthn-platform'].map((f) => Type.Literal(f))),
    ),
    allow_multiple_enrollments: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const Ticket = Type.Object({ ticket_id: Type.String(), ticket_url: Type.String() });

/** POST /guardian/enrollments/ticket (https://auth0.com/docs/api/management/v2/guardian/post-ticket): a single-use, 5-day link to Tessera's enrollment page. */
export const ticketRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  app.post<{ Body: Static<typeof TicketBody> }>(
    '/guardian/enrollments/ticket',
    { config: { scopes: ['create:guardian_enrollment_tickets'] }, schema: { body: TicketBody, response: { 200: Ticket, ...managementErrors, 502: ManagementErrorBody } } },
    async (request) => {
      const body = request.body;
      const user = await t.store.users.find(body.user_id);
      if (!user) throw ManagementErrors.userNotFound();
      // Phone, email and WebAuthn have no enrollment here yet.
      if (body.factor !== undefined && !TICKET_FACTORS.includes(body.factor)) throw ManagementErrors.factorUnsupported(body.factor);
      if (body.send_mail && !app.mailer) {
        throw ManagementErrors.emailNotConfigured();
      }
      const ticket = await createTicket(t, user.user_id, body.factor ?? null, body.allow_multiple_enrollments ?? false);
      if (body.send_mail && app.mailer) {
        try {
          await app.mailer.send({ to: body.email ?? user.email, ...enrollmentInvitation((await t.store.tenant.name()), ticket.ticket_url, body.factor ?? null) });
        } catch (error) {
          await t.store.tickets.remove(ticketDigest(t, ticket.ticket_id));
          request.log.warn({ err: error }, 'enrollment invitation email failed');
          throw ManagementErrors.emailDeliveryFailed();
        }
      }
      await t.audit.record({ type: 'sapi', userId: user.user_id, clientId: request.management?.clientId, description: 'Create an enrollment ticket', details: { send_mail: body.send_mail ?? false } });
      return ticket;
    },
  );
};
