import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { requestOrigin } from '../../context.js';
import { ManagementErrors } from '../../errors.js';
import { enrollmentView, groupMethods } from '../../services/methods.js';
import { managementErrors, UserIdParams } from './schemas.js';

const Enrollment = Type.Object(
  {
    id: Type.String(),
    status: Type.Union([Type.Literal('pending'), Type.Literal('confirmed')]),
    type: Type.String(),
    name: Type.Optional(Type.String()),
    phone_number: Type.Optional(Type.String()),
    auth_method: Type.String(),
    enrolled_at: Type.String(),
    last_auth: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
const EnrollmentParams = Type.Object({ id: Type.String({ minLength: 1 }) });

/** Guardian enrollments: a user's devices and apps, as the Guardian API names them (reference §6). */
export const enrollmentRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  const enrollments = (userId: string) => groupMethods(t.store.authenticators.forUser(userId)).filter((group) => group.type !== 'recovery-code');
  const findGroup = (linkId: string) => {
    const owner = t.store.authenticators.findByLink(linkId)?.user_id;
    const group = owner ? enrollments(owner).find((g) => g.linkId === linkId) : undefined;
    if (!group) throw ManagementErrors.enrollmentNotFound();
    return group;
  };

  app.get<{ Params: Static<typeof UserIdParams> }>(
    '/users/:id/enrollments',
    { config: { scopes: ['read:users'] }, schema: { params: UserIdParams, response: { 200: Type.Array(Enrollment), ...managementErrors } } },
    async (request) => {
      if (!t.store.users.find(request.params.id)) throw ManagementErrors.userNotFound();
      return enrollments(request.params.id).map(enrollmentView);
    },
  );

  app.get<{ Params: Static<typeof EnrollmentParams> }>(
    '/guardian/enrollments/:id',
    { config: { scopes: ['read:guardian_enrollments'] }, schema: { params: EnrollmentParams, response: { 200: Enrollment, ...managementErrors } } },
    async (request) => enrollmentView(findGroup(request.params.id)),
  );

  app.delete<{ Params: Static<typeof EnrollmentParams> }>(
    '/guardian/enrollments/:id',
    { config: { scopes: ['delete:guardian_enrollments'] }, schema: { params: EnrollmentParams, response: { 204: Type.Null(), ...managementErrors } } },
    async (request, reply) => {
      const group = findGroup(request.params.id);
      const userId = group.primary.user_id;
      t.store.authenticators.removeLinked(group.linkId, userId);
      app.pushHub.disconnect(group.linkId);
      t.audit.record({
        type: 'gd_unenroll',
        origin: requestOrigin(request),
        userId,
        clientId: request.management?.clientId,
        details: { enrollment: { _id: group.linkId, user_id: userId }, initiator: 'admin' },
      });
      return reply.code(204).send();
    },
  );
};
