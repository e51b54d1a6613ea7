import { Type, type Static } from 'typebox';
import { OAuthErrors } from '../errors.js';
import { resolveAudience } from '../services/resource-servers.js';
import { audienceKey, joinScope, parseScope } from '../scopes.js';
import { GRANT_TYPES, type Grant } from './types.js';

const Params = Type.Object({
  audience: Type.String({ minLength: 1 }),
  scope: Type.Optional(Type.String()),
});

/** Machine-to-machine tokens, scoped by the client's grant for the audience; `scope` may only narrow it. */
export const clientCredentialsGrant: Grant<Static<typeof Params>> = {
  grantType: GRANT_TYPES.clientCredentials,
  parameters: Params,
  async handler({ t, client, origin }, params) {
    // RFC 6749 §4.4: confidential clients only. A public client proves nothing but its (public) client_id.
    if (client.token_endpoint_auth_method === 'none') throw OAuthErrors.unauthorizedClient(GRANT_TYPES.clientCredentials);
    const api = await resolveAudience(t, params.audience);
    const grant = await t.store.clients.grant(client.client_id, audienceKey(t.config.issuer, params.audience));
    if (!grant) {
      throw OAuthErrors.accessDenied(
        `Client is not authorized to access "${params.audience}". You need to create a "client-grant" associated to this API.`,
      );
    }
    // A scope the API no longer defines is no longer granted, whatever the grant still says.
    const defined = api.scopes.map((scope) => scope.value);
    const granted = grant.scope.filter((scope) => defined.includes(scope));
    const requested = params.scope === undefined ? granted : parseScope(params.scope);
    const missing = requested.filter((scope) => !granted.includes(scope));
    if (missing.length > 0) throw OAuthErrors.accessDenied(`Client has not been granted scopes: ${missing.join(', ')}`);
    const scope = joinScope(requested);
    const accessToken = await t.signer.sign(
      { sub: `${client.client_id}@clients`, aud: params.audience, azp: client.client_id, scope, gty: 'client-credentials' },
      api.token_lifetime,
    );
    await t.audit.record({ type: 'seccft', origin, clientId: client.client_id, details: { audience: params.audience } });
    return { access_token: accessToken, scope, expires_in: api.token_lifetime, token_type: 'Bearer' };
  },
};
