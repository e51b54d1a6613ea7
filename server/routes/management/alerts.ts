import { transaction } from '../../context.js';
import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { managementErrors } from './schemas.js';

const Threshold = Type.Integer({ minimum: 1, maximum: 100_000 });
/** One minute to one week. */
const WindowS = Type.Integer({ minimum: 60, maximum: 7 * 24 * 3600 });

const MassReset = { threshold: Threshold, window_s: WindowS };
const PushFatigue = { ...MassReset, lock_push: Type.Boolean() };

const Alerts = Type.Object(
  {
    mass_reset: Type.Object(MassReset, { additionalProperties: false }),
    push_fatigue: Type.Object(PushFatigue, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
const AlertsPatch = Type.Object(
  {
    mass_reset: Type.Optional(Type.Partial(Type.Object(MassReset), { additionalProperties: false })),
    push_fatigue: Type.Optional(Type.Partial(Type.Object(PushFatigue), { additionalProperties: false })),
  },
  { additionalProperties: false },
);

/**
 * Beyond Auth0: alert thresholds. `mass_reset` records `mass_mfa_reset` and `push_fatigue` records
 * `push_fatigue` in the audit log (and so to every log stream) once per window when a count reaches its threshold.
 */
export const alertRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  app.get('/guardian/alerts', { config: { scopes: ['read:guardian_factors'] }, schema: { summary: 'Get alert settings (mass_reset, push_fatigue)', response: { 200: Alerts, ...managementErrors } } }, async () => await t.store.alerts.settings());

  app.patch<{ Body: Static<typeof AlertsPatch> }>(
    '/guardian/alerts',
    { config: { scopes: ['update:guardian_factors'] }, schema: { summary: 'Update alert settings', body: AlertsPatch, response: { 200: Alerts, ...managementErrors } } },
    async (request) =>
      await transaction(t, async (t) => {
        const settings = await t.store.alerts.update(request.body);
        await t.audit.record({ type: 'gd_tenant_update', clientId: request.management?.clientId, details: { alerts: request.body } });
        return settings;
      }),
  );
};
