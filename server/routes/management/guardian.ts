import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { ManagementErrors } from '../../errors.js';
import { FACTOR_NAMES, MFA_POLICIES, SUPPORTED_FACTORS, type FactorName } from '../../store/tenant.js';
import { managementErrors } from './schemas.js';

const Factor = Type.Object({ enabled: Type.Boolean(), trial_expired: Type.Boolean(), name: Type.String() });
const FactorParams = Type.Object({ name: Type.String({ minLength: 1 }) });
const FactorBody = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });
const Policies = Type.Array(Type.Union(MFA_POLICIES.map((p) => Type.Literal(p))), { uniqueItems: true });

/** Guardian factors and MFA policies (https://auth0.com/docs/api/management/v2/guardian/get-factors, https://auth0.com/docs/api/management/v2/guardian/get-policies). */
export const guardianRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;

  app.get('/guardian/factors', { config: { scopes: ['read:guardian_factors'] }, schema: { response: { 200: Type.Array(Factor), ...managementErrors } } }, async () =>
    (await t.store.tenant.factors()).map((factor) => ({ enabled: factor.enabled, trial_expired: false, name: factor.name })),
  );

  app.put<{ Params: Static<typeof FactorParams>; Body: Static<typeof FactorBody> }>(
    '/guardian/factors/:name',
    { config: { scopes: ['update:guardian_factors'] }, schema: { params: FactorParams, body: FactorBody, response: { 200: FactorBody, ...managementErrors } } },
    async (request) => {
      const name = request.params.name as FactorName;
      if (!(FACTOR_NAMES as readonly string[]).includes(name)) throw ManagementErrors.factorNotFound(request.params.name);
      const { enabled } = request.body;
      // Factors this server does not implement stay disabled: enabling one would strand users.
      if (enabled && !SUPPORTED_FACTORS.includes(name)) throw ManagementErrors.factorUnsupported(name);
      await t.store.tenant.setFactor(name, enabled);
      await t.audit.record({ type: 'gd_tenant_update', clientId: request.management?.clientId, details: { factor: name, enabled } });
      return { enabled };
    },
  );

  app.get('/guardian/policies', { config: { scopes: ['read:mfa_policies'] }, schema: { response: { 200: Policies, ...managementErrors } } }, async () =>
    await t.store.tenant.policies(),
  );

  app.put<{ Body: Static<typeof Policies> }>(
    '/guardian/policies',
    { config: { scopes: ['update:mfa_policies'] }, schema: { body: Policies, response: { 200: Policies, ...managementErrors } } },
    async (request) => {
      await t.store.tenant.setPolicies(request.body);
      await t.audit.record({ type: 'gd_tenant_update', clientId: request.management?.clientId, details: { policies: request.body } });
      return await t.store.tenant.policies();
    },
  );
};
