import type { FastifyPluginAsync } from 'fastify';
import { Type, type Static } from 'typebox';
import { ManagementError } from '../../errors.js';
import { WEBHOOK_SECRET_PURPOSE } from '../../factors/delivery.js';
import { PHONE_PROVIDERS } from '../../store/guardian-phone.js';
import { managementErrors } from './schemas.js';

/** Auth0's provider names Tessera does not carry codes through (https://auth0.com/docs/api/management/v2/guardian/put-phone-providers). */
const AUTH0_ONLY = ['auth0', 'phone-message-hook'] as const;
const Provider = Type.Object(
  { provider: Type.Union([Type.Literal('twilio'), Type.Literal('custom'), Type.Literal(AUTH0_ONLY[0]), Type.Literal(AUTH0_ONLY[1])]) },
  { additionalProperties: false },
);
const ProviderView = Type.Object({ provider: Type.Union([Type.Literal(PHONE_PROVIDERS[0]), Type.Literal(PHONE_PROVIDERS[1])]) });
const Webhook = Type.Object(
  { url: Type.String({ minLength: 1, maxLength: 2000 }), secret: Type.String({ minLength: 16, maxLength: 1000 }) },
  { additionalProperties: false },
);
const WebhookView = Type.Object({ url: Type.Union([Type.String(), Type.Null()]), secret_configured: Type.Boolean() });

/**
 * Which provider carries phone codes (`GET/PUT /guardian/factors/phone/selected-provider`), and the
 * `custom` provider's webhook: `GET/PUT /guardian/factors/phone/providers/custom` is Tessera's extension
 * (Auth0 has no such path), `{url, secret}`; the secret signs each POST (delivery/webhook-signature.ts),
 * is sealed at rest and never answered.
 */
export const guardianPhoneProviderRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  const read = { config: { scopes: ['read:guardian_factors'] as const } };
  const update = { config: { scopes: ['update:guardian_factors'] as const } };

  app.get('/guardian/factors/phone/selected-provider', { ...read, schema: { response: { 200: ProviderView, ...managementErrors } } }, async () => ({
    provider: (await t.store.guardianPhone.get()).provider,
  }));
  app.put<{ Body: Static<typeof Provider> }>(
    '/guardian/factors/phone/selected-provider',
    { ...update, schema: { body: Provider, response: { 200: ProviderView, ...managementErrors } } },
    async (request) => {
      const provider = request.body.provider;
      if (provider === 'auth0' || provider === 'phone-message-hook') {
        throw new ManagementError(400, 'feature_not_supported', `The ${provider} phone provider is not available on this server: use twilio or custom.`);
      }
      const config = await t.store.guardianPhone.get();
      await t.store.guardianPhone.put({ ...config, provider });
      await t.audit.record({ type: 'gd_tenant_update', clientId: request.management?.clientId, details: { phone: { provider } } });
      return { provider };
    },
  );

  app.get('/guardian/factors/phone/providers/custom', { ...read, schema: { response: { 200: WebhookView, ...managementErrors } } }, async () => {
    const custom = (await t.store.guardianPhone.get()).custom;
    return { url: custom?.url ?? null, secret_configured: custom !== null };
  });
  app.put<{ Body: Static<typeof Webhook> }>(
    '/guardian/factors/phone/providers/custom',
    { ...update, schema: { body: Webhook, response: { 200: WebhookView, ...managementErrors } } },
    async (request) => {
      const { url, secret } = request.body;
      const protocol = URL.canParse(url) ? new URL(url).protocol : '';
      if (protocol !== 'https:' && protocol !== 'http:') throw new ManagementError(400, 'invalid_body', "Payload validation error: 'url must be an absolute http(s) URL' on property url.");
      const config = await t.store.guardianPhone.get();
      await t.store.guardianPhone.put({ ...config, custom: { url, secret_enc: t.secrets.encrypt(secret, WEBHOOK_SECRET_PURPOSE) } });
      await t.audit.record({ type: 'gd_tenant_update', clientId: request.management?.clientId, details: { phone: { custom: { url } } } });
      return { url, secret_configured: true };
    },
  );
};
