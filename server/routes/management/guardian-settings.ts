import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { ManagementErrors } from '../../errors.js';
import { managementErrors } from './schemas.js';

const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;
/** Bounds from Auth0's "Update Guardian settings" (auth0@7 SetGuardianSettingsRequestContent): 1 hour to 30 and 90 days. */
export const MFA_SESSION_BOUNDS = {
  inactivity: { minimum: HOUR_S, maximum: 30 * DAY_S },
  overall: { minimum: HOUR_S, maximum: 90 * DAY_S },
} as const;

const Settings = Type.Object(
  {
    display_remember_me_checkbox: Type.Boolean(),
    remember_me_default_value: Type.Boolean(),
    mfa_session_inactivity_timeout: Type.Integer(MFA_SESSION_BOUNDS.inactivity),
    mfa_session_overall_timeout: Type.Integer(MFA_SESSION_BOUNDS.overall),
  },
  { additionalProperties: false },
);

/**
 * Auth0's tenant MFA settings (GET/PUT /api/v2/guardian/settings): the MFA prompt's Remember Me checkbox
 * and how long a remembered MFA session lasts. PUT replaces all four, as Auth0's request type requires.
 * Tessera keeps and answers them so tools that manage Auth0 work unchanged; it has no hosted MFA prompt
 * yet, so they do not change a login.
 */
export const guardianSettingsRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;

  app.get('/guardian/settings', { config: { scopes: ['read:guardian_factors'] }, schema: { response: { 200: Settings, ...managementErrors } } }, async () =>
    await t.store.tenant.guardianSettings(),
  );

  app.put<{ Body: Static<typeof Settings> }>(
    '/guardian/settings',
    { config: { scopes: ['update:guardian_factors'] }, schema: { body: Settings, response: { 200: Settings, ...managementErrors } } },
    async (request) => {
      const body = request.body;
      // "cannot exceed the overall timeout" (Auth0's field description).
      if (body.mfa_session_inactivity_timeout > body.mfa_session_overall_timeout) {
        throw ManagementErrors.invalidBody('Payload validation error: mfa_session_inactivity_timeout cannot exceed mfa_session_overall_timeout.');
      }
      await t.store.tenant.setGuardianSettings(body);
      await t.audit.record({ type: 'gd_tenant_update', clientId: request.management?.clientId, details: { settings: body } });
      return await t.store.tenant.guardianSettings();
    },
  );
};
