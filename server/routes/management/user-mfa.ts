import { transaction, type Tessera } from '../../context.js';
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { ManagementErrors } from '../../errors.js';
import { generateRecoveryCode, recoveryCodeDigest } from '../../factors/recovery-code.js';
import { countMfaResets } from '../../services/alerts.js';
import { authenticatorId, hasActiveFactor, newLinkId } from '../../services/authenticators.js';
import { managementErrors, UserIdParams } from './schemas.js';

/** The legacy MFA providers Auth0 removes per user (https://auth0.com/docs/api/management/v2/users/delete-multifactor-by-provider). */
const LEGACY_MFA_PROVIDERS = ['duo', 'google-authenticator'] as const;
// An enum rather than a union of literals, so another provider reads "must be equal to one of the allowed values".
const ProviderParams = Type.Object({ id: Type.String({ minLength: 1 }), provider: Type.Enum([...LEGACY_MFA_PROVIDERS]) });

/** Puts `digest` in place of the user's active recovery code; one enrolled before recovery codes were switched on gets a first one. */
async function storeRecoveryCode(t: Tessera, userId: string, digest: string, now: number): Promise<void> {
  const existing = (await t.store.authenticators.forUser(userId)).find((row) => row.kind === 'recovery-code' && row.active);
  if (existing?.code_digest) return void (await t.store.authenticators.replaceCode(existing.id, existing.code_digest, digest, now));
  if (!(await hasActiveFactor(t, userId))) throw ManagementErrors.enrollmentNotFound();
  await t.store.authenticators.removeInactive(userId, 'recovery-code');
  const linkId = newLinkId(t);
  await t.store.authenticators.insert({
    id: authenticatorId('recovery-code', linkId), user_id: userId, kind: 'recovery-code', link_id: linkId, name: null,
    secret_enc: null, code_digest: digest, active: true, last_used_step: null, created_at: now, confirmed_at: now, last_auth_at: null,
  });
}

/** Per-user MFA administration: reset, recovery-code regeneration, legacy providers, remembered browsers (https://auth0.com/docs/api/management/v2/users/post-recovery-code-regeneration). */
export const userMfaRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  const findOr404 = async (id: string, tx: Tessera = t) => (await tx.store.users.find(id)) ?? (() => { throw ManagementErrors.userNotFound(); })();

  app.delete<{ Params: Static<typeof UserIdParams> }>(
    '/users/:id/authenticators',
    { config: { scopes: ['delete:guardian_enrollments'] }, schema: { params: UserIdParams, response: { 204: Type.Null(), ...managementErrors } } },
    async (request, reply) => {
      // One transaction from the lookup to the alert count: the log lists what this call removed, and of
      // parallel resets of one user only one that removed something counts towards mass_mfa_reset (the
      // rest still answer 204, as a reset of a user with nothing enrolled does).
      await transaction(t, async (t) => {
        const user = await findOr404(request.params.id, t);
        const removed = (await t.store.authenticators.forUser(user.user_id)).map((row) => ({ id: row.id, type: row.kind }));
        const count = await t.store.authenticators.removeAllForUser(user.user_id);
        await t.audit.record({ type: 'sapi', userId: user.user_id, clientId: request.management?.clientId, description: 'Delete all authenticators', details: { authenticators: removed } });
        if (count > 0) await countMfaResets(t, [user.user_id], request.management?.clientId);
      });
      return reply.code(204).send();
    },
  );

  app.post<{ Params: Static<typeof UserIdParams> }>(
    '/users/:id/recovery-code-regeneration',
    {
      config: { scopes: ['update:users'] },
      schema: { params: UserIdParams, response: { 200: Type.Object({ recovery_code: Type.String() }), ...managementErrors } },
    },
    async (request) => {
      const code = generateRecoveryCode(t.random);
      const digest = recoveryCodeDigest(t.secrets, code);
      const now = t.clock.now();
      // The lookup, the new code and its audit row are one transaction (SERIALIZABLE on PostgreSQL, retried
      // by the store): a user deleted meanwhile is a 404, never a code answered for a user who is gone, and
      // of parallel regenerations each runs on the code the one before it left, so the last to commit holds.
      await transaction(t, async (t) => {
        // Held before a first code's insert references it (UserRepo.findForReference).
        const user = (await t.store.users.findForReference(request.params.id)) ?? (() => { throw ManagementErrors.userNotFound(); })();
        await storeRecoveryCode(t, user.user_id, digest, now);
        await t.audit.record({ type: 'sapi', userId: user.user_id, clientId: request.management?.clientId, description: 'Regenerate recovery code' });
      });
      return { recovery_code: code };
    },
  );

  /**
   * Auth0 removes a user's legacy Duo or Google Authenticator configuration here
   * (https://auth0.com/docs/api/management/v2/users/delete-multifactor-by-provider). Tessera has neither
   * provider: its OTP authenticators are Guardian's `otp` factor, which this route never removes (that is
   * DELETE /users/{id}/authentication-methods/{id}). So for a user who exists there is nothing to remove,
   * and the answer is Auth0's 204; the call is still logged, as every Management API change is.
   */
  app.delete<{ Params: Static<typeof ProviderParams> }>(
    '/users/:id/multifactor/:provider',
    { config: { scopes: ['update:users'] }, schema: { params: ProviderParams, response: { 204: Type.Null(), ...managementErrors } } },
    async (request, reply) => {
      const user = await findOr404(request.params.id);
      await t.audit.record({
        type: 'sapi', userId: user.user_id, clientId: request.management?.clientId, description: "Delete a User's Multi-factor Provider", details: { provider: request.params.provider },
      });
      return reply.code(204).send();
    },
  );

  /** Tessera has no remember-browser cookie yet; the timestamp is recorded so a future one honours it. */
  app.post<{ Params: Static<typeof UserIdParams> }>(
    '/users/:id/multifactor/actions/invalidate-remember-browser',
    { config: { scopes: ['update:users'] }, schema: { params: UserIdParams, response: { 204: Type.Null(), ...managementErrors } } },
    async (request, reply) => {
      const user = await findOr404(request.params.id);
      await t.store.users.invalidateRememberBrowser(user.user_id, t.clock.now());
      await t.audit.record({ type: 'sapi', userId: user.user_id, clientId: request.management?.clientId, description: 'Invalidate remembered browsers for MFA' });
      return reply.code(204).send();
    },
  );
};
