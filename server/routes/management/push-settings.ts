import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { ManagementErrors } from '../../errors.js';
import { managementErrors, UserIdParams } from './schemas.js';

const Settings = Type.Object({ number_matching: Type.Boolean(), lock_on_reject: Type.Boolean() }, { additionalProperties: false });
const SettingsPatch = Type.Partial(Settings, { additionalProperties: false });

/**
 * Beyond Auth0: push-fatigue controls. Number matching (on for new tenants) and whether "this was not
 * me" locks the user's push factor until an admin unlocks it.
 */
export const pushSettingsRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  app.get('/guardian/factors/push-notification/settings', { config: { scopes: ['read:guardian_factors'] }, schema: { response: { 200: Settings, ...managementErrors } } }, async () =>
    await t.store.tenant.pushSettings(),
  );

  app.patch<{ Body: Static<typeof SettingsPatch> }>(
    '/guardian/factors/push-notification/settings',
    { config: { scopes: ['update:guardian_factors'] }, schema: { body: SettingsPatch, response: { 200: Settings, ...managementErrors } } },
    async (request) => {
      await t.store.tenant.setPushSettings(request.body);
      await t.audit.record({ type: 'gd_tenant_update', clientId: request.management?.clientId, details: { push: request.body } });
      return await t.store.tenant.pushSettings();
    },
  );

  app.post<{ Params: Static<typeof UserIdParams> }>(
    '/users/:id/multifactor/actions/unlock-push',
    { config: { scopes: ['update:users'] }, schema: { params: UserIdParams, response: { 204: Type.Null(), ...managementErrors } } },
    async (request, reply) => {
      if (!(await t.store.users.find(request.params.id))) throw ManagementErrors.userNotFound();
      await t.store.users.setPushLock(request.params.id, null);
      await t.audit.record({ type: 'sapi', userId: request.params.id, clientId: request.management?.clientId, description: 'Unlock push notifications' });
      return reply.code(204).send();
    },
  );
};
