import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { transaction, requestOrigin } from '../../context.js';
import { ManagementErrors } from '../../errors.js';
import { countMfaResets } from '../../services/alerts.js';
import { enrolledAt, enrollmentConfirmed, enrollmentView, groupMethods, type MethodGroup } from '../../services/methods.js';
import { managementErrors, UserIdParams } from './schemas.js';

const Enrollment = Type.Object(
  {
    id: Type.String(),
    status: Type.Union([Type.Literal('pending'), Type.Literal('confirmed')]),
    type: Type.String(),
    name: Type.Optional(Type.String()),
    identifier: Type.Optional(Type.String()),
    phone_number: Type.Optional(Type.String()),
    auth_method: Type.String(),
    enrolled_at: Type.String(),
    last_auth: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
const EnrollmentParams = Type.Object({ id: Type.String({ minLength: 1 }) });
const UserEnrollmentParams = Type.Object({ id: Type.String({ minLength: 1 }), enrollment_id: Type.String({ minLength: 1 }) });

/**
 * "Retrieve the first multi-factor authentication enrollment that a specific user has confirmed"
 * (https://auth0.com/docs/api/management/v2/users/get-enrollments): an array of that one, or empty.
 * Auth0 does not say what "first" means; here it is the earliest `enrolled_at` (when it was confirmed),
 * then the lower id on a tie, so every call names the same one. Pending enrollments and every other
 * confirmed one are in GET /users/{id}/authentication-methods.
 */
function firstConfirmed(groups: MethodGroup[]): MethodGroup[] {
  const byId = (a: MethodGroup, b: MethodGroup) => (a.linkId < b.linkId ? -1 : a.linkId > b.linkId ? 1 : 0);
  return groups
    .filter(enrollmentConfirmed)
    .sort((a, b) => enrolledAt(a) - enrolledAt(b) || byId(a, b))
    .slice(0, 1);
}

/** Guardian enrollments: a user's devices and apps, as the Guardian API names them (https://auth0.com/docs/api/management/v2/guardian/get-enrollments-by-id). */
export const enrollmentRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  const enrollments = async (userId: string) => groupMethods(await t.store.authenticators.forUser(userId)).filter((group) => group.type !== 'recovery-code');
  const findGroup = async (linkId: string) => {
    const owner = (await t.store.authenticators.findByLink(linkId))?.user_id;
    const group = owner ? (await enrollments(owner)).find((g) => g.linkId === linkId) : undefined;
    if (!group) throw ManagementErrors.enrollmentNotFound();
    return group;
  };
  const view = async (group: MethodGroup) => enrollmentView(group, group.type === 'push' ? await t.store.push.device(group.linkId) : undefined);

  app.get<{ Params: Static<typeof UserIdParams> }>(
    '/users/:id/enrollments',
    { config: { scopes: ['read:users'] }, schema: { params: UserIdParams, response: { 200: Type.Array(Enrollment), ...managementErrors } } },
    async (request) => {
      if (!(await t.store.users.find(request.params.id))) throw ManagementErrors.userNotFound();
      return Promise.all(firstConfirmed(await enrollments(request.params.id)).map(view));
    },
  );

  app.get<{ Params: Static<typeof EnrollmentParams> }>(
    '/guardian/enrollments/:id',
    { config: { scopes: ['read:guardian_enrollments'] }, schema: { params: EnrollmentParams, response: { 200: Enrollment, ...managementErrors } } },
    async (request) => view(await findGroup(request.params.id)),
  );

  /**
   * The one unenroll path of both DELETE routes. The row count, not the earlier lookup, decides: of
   * parallel deletes of one enrollment only the one that removed rows answers 204 and is audited.
   */
  const unenroll = async (request: FastifyRequest, group: MethodGroup) => {
    const userId = group.primary.user_id;
    await transaction(t, async (t) => {
      if ((await t.store.authenticators.removeLinked(group.linkId, userId)) === 0) throw ManagementErrors.enrollmentNotFound();
      await t.audit.record({
        type: 'gd_unenroll',
        origin: requestOrigin(request),
        userId,
        clientId: request.management?.clientId,
        details: { enrollment: { _id: group.linkId, user_id: userId }, initiator: 'admin' },
      });
      await countMfaResets(t, [userId], request.management?.clientId);
    });
    app.pushHub.disconnect(group.linkId);
  };

  app.delete<{ Params: Static<typeof EnrollmentParams> }>(
    '/guardian/enrollments/:id',
    { config: { scopes: ['delete:guardian_enrollments'] }, schema: { params: EnrollmentParams, response: { 204: Type.Null(), ...managementErrors } } },
    async (request, reply) => {
      await unenroll(request, (await findGroup(request.params.id)));
      return reply.code(204).send();
    },
  );

  /**
   * Beyond Auth0, which deletes by enrollment id only
   * (https://auth0.com/docs/api/management/v2/guardian/delete-enrollments-by-id): the same unenroll,
   * scoped to one user, so another user's enrollment is as unknown as a missing one.
   */
  app.delete<{ Params: Static<typeof UserEnrollmentParams> }>(
    '/users/:id/enrollments/:enrollment_id',
    { config: { scopes: ['delete:guardian_enrollments'] }, schema: { params: UserEnrollmentParams, response: { 204: Type.Null(), ...managementErrors } } },
    async (request, reply) => {
      const { id, enrollment_id: linkId } = request.params;
      const user = await t.store.users.find(id);
      if (!user) throw ManagementErrors.userNotFound();
      const group = (await enrollments(user.user_id)).find((g) => g.linkId === linkId);
      if (!group) throw ManagementErrors.enrollmentNotFound();
      await unenroll(request, group);
      return reply.code(204).send();
    },
  );
};
