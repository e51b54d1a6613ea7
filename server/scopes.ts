/** Audiences derive from the issuer (the public base URL, with a trailing slash). */
export function audiences(issuer: string) {
  return {
    management: `${issuer}api/v2/`,
    mfa: `${issuer}mfa/`,
    userinfo: `${issuer}userinfo`,
  } as const;
}

/** Scopes of the MFA API audience (https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authenticator-factors-mfa-api). */
export const MFA_SCOPES = ['enroll', 'read:authenticators', 'remove:authenticators'] as const;

/** OpenID Connect scopes any user token may carry. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

/** Management API v2 scopes this server knows; the bootstrap admin client is granted all of them. */
export const MANAGEMENT_SCOPES = [
  'read:users', 'create:users', 'update:users', 'delete:users',
  'read:clients', 'create:clients', 'update:clients', 'delete:clients', 'read:client_keys', 'update:client_keys',
  'read:client_grants', 'create:client_grants', 'update:client_grants', 'delete:client_grants',
  'read:resource_servers', 'create:resource_servers', 'update:resource_servers', 'delete:resource_servers',
  'read:guardian_factors', 'update:guardian_factors', 'read:mfa_policies', 'update:mfa_policies',
  'read:guardian_enrollments', 'delete:guardian_enrollments', 'create:guardian_enrollment_tickets',
  'read:authentication_methods', 'create:authentication_methods', 'update:authentication_methods',
  'delete:authentication_methods', 'read:logs', 'read:logs_users',
  'read:log_streams', 'create:log_streams', 'update:log_streams', 'delete:log_streams',
  'read:connections',
  // Tessera's own: the developer outbox's messages, codes included (GET /api/v2/outbox).
  'read:outbox',
  // The Management API's email templates (Tessera sends mfa_oob_code).
  'read:email_templates', 'create:email_templates', 'update:email_templates',
  // Client credentials for Private Key JWT (https://auth0.com/docs/api/management/v2/clients/post-credentials);
  // last, in the order migration 018 appends them to an existing admin grant.
  'read:client_credentials', 'create:client_credentials', 'update:client_credentials', 'delete:client_credentials',
] as const;
export type ManagementScope = (typeof MANAGEMENT_SCOPES)[number];

export function parseScope(scope: string | undefined | null): string[] {
  return [...new Set((scope ?? '').split(/\s+/).filter(Boolean))];
}

export function joinScope(scopes: readonly string[]): string {
  return scopes.join(' ');
}

/**
 * Client grants store the Management API as this key rather than its URL, so changing the
 * issuer (another port, a TLS proxy) does not orphan the grants.
 */
export const MANAGEMENT_AUDIENCE_KEY = 'tessera:management-api';

export function audienceKey(issuer: string, audience: string): string {
  return audience === audiences(issuer).management ? MANAGEMENT_AUDIENCE_KEY : audience;
}

export function audienceFromKey(issuer: string, key: string): string {
  return key === MANAGEMENT_AUDIENCE_KEY ? audiences(issuer).management : key;
}
