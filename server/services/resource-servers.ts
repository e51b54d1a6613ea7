import type { Tessera } from '../context.js';
import { OAuthErrors } from '../errors.js';
import { MANAGEMENT_SCOPES, MFA_SCOPES, OIDC_SCOPES } from '../scopes.js';
import type { ApiScope, ResourceServer } from '../store/resource-servers.js';
import { ACCESS_TOKEN_TTL_S, MFA_ACCESS_TOKEN_TTL_S } from '../tokens/lifetimes.js';

/** Auth0's defaults for a new API ("Create a resource server"). */
export const DEFAULT_API_TOKEN_LIFETIME_S = ACCESS_TOKEN_TTL_S;
export const DEFAULT_API_TOKEN_LIFETIME_FOR_WEB_S = 7200;
/** Auth0 caps an API's access token lifetime at 30 days. */
export const MAX_API_TOKEN_LIFETIME_S = 2_592_000;

/** Stable ids for the built-in APIs: their identifiers follow the issuer, their ids must not. */
export const SYSTEM_API_IDS = { management: 'tessera-management-api', mfa: 'tessera-mfa-api' } as const;

/** "read:client_keys" → "Read Client Keys", as Auth0 describes its Management API scopes. */
function describeScope(value: string): string {
  return value
    .split(/[:_]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

const scopesOf = (values: readonly string[]): ApiScope[] => values.map((value) => ({ value, description: describeScope(value) }));

/** The Management and MFA APIs: built in, listed, never changed or deleted. */
export function systemResourceServers(t: Tessera): ResourceServer[] {
  const common = { is_system: true, signing_alg: 'RS256', allow_offline_access: false, skip_consent_for_verifiable_first_party_clients: false } as const;
  return [
    {
      id: SYSTEM_API_IDS.management,
      name: 'Auth0 Management API',
      identifier: t.audiences.management,
      scopes: scopesOf(MANAGEMENT_SCOPES),
      token_lifetime: ACCESS_TOKEN_TTL_S,
      token_lifetime_for_web: DEFAULT_API_TOKEN_LIFETIME_FOR_WEB_S,
      ...common,
    },
    {
      id: SYSTEM_API_IDS.mfa,
      name: 'Auth0 MFA API',
      identifier: t.audiences.mfa,
      scopes: scopesOf(MFA_SCOPES),
      // "The default expiry time of access tokens with the /mfa/ audience is 10 minutes" (Auth0 MFA API docs).
      token_lifetime: MFA_ACCESS_TOKEN_TTL_S,
      token_lifetime_for_web: MFA_ACCESS_TOKEN_TTL_S,
      ...common,
    },
  ];
}

/**
 * `/userinfo` is the audience of a login that names none (Auth0 issues such tokens for OIDC only);
 * it is no API, so it is never listed, and it carries OIDC scopes, refresh tokens included.
 */
function userinfoApi(t: Tessera): ResourceServer {
  return {
    id: 'tessera-userinfo',
    name: 'userinfo',
    identifier: t.audiences.userinfo,
    is_system: true,
    scopes: [],
    signing_alg: 'RS256',
    allow_offline_access: true,
    skip_consent_for_verifiable_first_party_clients: false,
    token_lifetime: ACCESS_TOKEN_TTL_S,
    token_lifetime_for_web: DEFAULT_API_TOKEN_LIFETIME_FOR_WEB_S,
  };
}

/** Every API GET /resource-servers lists: the built-in ones first. */
export async function listResourceServers(t: Tessera): Promise<ResourceServer[]> {
  return [...systemResourceServers(t), ...(await t.store.resourceServers.list())];
}

/** By id or by identifier: Auth0 takes either in `/resource-servers/{id}`. */
export async function findResourceServer(t: Tessera, idOrIdentifier: string): Promise<ResourceServer | undefined> {
  return (
    systemResourceServers(t).find((api) => api.id === idOrIdentifier || api.identifier === idOrIdentifier) ??
    (await t.store.resourceServers.find(idOrIdentifier)) ??
    (await t.store.resourceServers.byIdentifier(idOrIdentifier))
  );
}

/** The API an `audience` names, or Auth0's 403 `Service not found: {audience}`. */
export async function resolveAudience(t: Tessera, audience: string): Promise<ResourceServer> {
  if (audience === t.audiences.userinfo) return userinfoApi(t);
  const api = systemResourceServers(t).find((system) => system.identifier === audience) ?? (await t.store.resourceServers.byIdentifier(audience));
  if (!api) throw OAuthErrors.serviceNotFound(audience);
  return api;
}

/**
 * The requested scopes a user token for `api` may carry: the API's own and OIDC's; the rest are
 * dropped, as Auth0 does. offline_access (a refresh token) only where the API allows offline access.
 */
export function grantableUserScopes(api: ResourceServer, requested: readonly string[]): string[] {
  const oidc: readonly string[] = OIDC_SCOPES.filter((scope) => scope !== 'offline_access' || api.allow_offline_access);
  const own = api.scopes.map((scope) => scope.value);
  return requested.filter((scope) => oidc.includes(scope) || own.includes(scope));
}
