import { randomToken } from '../crypto/random.js';
import type { Tessera } from '../context.js';
import type { ClientRow } from '../store/clients.js';
import type { UserRow } from '../store/users.js';
import { parseScope } from '../scopes.js';
import { ID_TOKEN_TTL_S, REFRESH_TOKEN_TTL_S } from '../tokens/lifetimes.js';
import { resolveAudience } from './resource-servers.js';

/** Successful `/oauth/token` body, fields in Auth0's order (https://auth0.com/docs/api/authentication/resource-owner-password-flow/get-token). */
export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  scope?: string;
  expires_in: number;
  token_type: 'Bearer';
  recovery_code?: string;
}

export interface UserTokenRequest {
  client: ClientRow;
  user: UserRow;
  audience: string;
  scope: string;
  /**
   * A successor the refresh grant already saved (see `saveRefreshToken`) with the family's full scope,
   * which `scope` may narrow for this one access token: returned, not minted again.
   */
  refreshToken?: string;
}

export interface RefreshTokenRequest {
  client: ClientRow;
  user: UserRow;
  audience: string;
  scope: string;
  /** Continue a refresh-token family (rotation) instead of starting a new one. */
  family?: string;
}

const REFRESH_DIGEST = 'refresh-token';

export function refreshTokenDigest(t: Tessera, token: string): string {
  return t.secrets.digest(REFRESH_DIGEST, token);
}

function idTokenClaims(user: UserRow, scopes: string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  if (scopes.includes('profile')) {
    claims.name = user.name ?? user.email;
    claims.nickname = user.nickname ?? user.email.split('@')[0];
    if (user.given_name) claims.given_name = user.given_name;
    if (user.family_name) claims.family_name = user.family_name;
    if (user.picture) claims.picture = user.picture;
    claims.updated_at = new Date(user.updated_at).toISOString();
  }
  if (scopes.includes('email')) {
    claims.email = user.email;
    claims.email_verified = user.email_verified;
  }
  return claims;
}

/** Mints the access token, plus an id_token for `openid` and a rotating refresh token for `offline_access`. */
export async function issueUserTokens(t: Tessera, request: UserTokenRequest): Promise<TokenResponse> {
  const { client, user, audience, scope } = request;
  const scopes = parseScope(scope);
  // Resolved again here, not trusted from the login: an API deleted since then stops its refresh tokens.
  const api = await resolveAudience(t, audience);
  const ttl = api.token_lifetime;
  const aud = scopes.includes('openid') && audience !== t.audiences.userinfo ? [audience, t.audiences.userinfo] : audience;
  // Both signatures at once: each is a WebCrypto job on libuv's pool, so the second no longer waits for
  // the first to come back to this thread before it starts.
  const [accessToken, idToken] = await Promise.all([
    t.signer.sign({ sub: user.user_id, aud, azp: client.client_id, scope, gty: 'password' }, ttl),
    scopes.includes('openid') ? t.signer.sign({ sub: user.user_id, aud: client.client_id, ...idTokenClaims(user, scopes) }, ID_TOKEN_TTL_S) : undefined,
  ]);
  const response: TokenResponse = { access_token: accessToken, expires_in: ttl, token_type: 'Bearer' };
  if (idToken !== undefined) response.id_token = idToken;
  if (request.refreshToken !== undefined) response.refresh_token = request.refreshToken;
  else if (issuesRefreshToken(client, scope, api.allow_offline_access)) response.refresh_token = await saveRefreshToken(t, { client, user, audience, scope });
  return {
    access_token: response.access_token,
    ...(response.id_token ? { id_token: response.id_token } : {}),
    ...(response.refresh_token ? { refresh_token: response.refresh_token } : {}),
    ...(scope ? { scope } : {}),
    expires_in: response.expires_in,
    token_type: 'Bearer',
  };
}

/** A refresh token needs `offline_access`, an API that allows offline access and a client allowed the refresh_token grant. */
function issuesRefreshToken(client: ClientRow, scope: string, apiAllowsOfflineAccess: boolean): boolean {
  const grantTypes = client.grant_types;
  return apiAllowsOfflineAccess && parseScope(scope).includes('offline_access') && grantTypes.includes('refresh_token');
}

/**
 * Mints and stores a refresh token (synchronous, so a rotation can save the successor in the same
 * transaction that spends its predecessor).
 */
export async function saveRefreshToken(t: Tessera, request: RefreshTokenRequest): Promise<string> {
  const token = `v1.${randomToken(t.random, 48)}`;
  const now = t.clock.now();
  await t.store.refreshTokens.insert({
    token_digest: refreshTokenDigest(t, token),
    family_id: request.family ?? randomToken(t.random, 16),
    user_id: request.user.user_id,
    client_id: request.client.client_id,
    audience: request.audience,
    scope: request.scope,
    created_at: now,
    expires_at: now + REFRESH_TOKEN_TTL_S * 1000,
    used_at: null,
    revoked_at: null,
  });
  return token;
}
