import { randomToken } from '../crypto/random.js';
import type { Tessera } from '../context.js';
import type { ClientRow } from '../store/clients.js';
import type { UserRow } from '../store/users.js';
import { parseScope } from '../scopes.js';
import { ID_TOKEN_TTL_S, REFRESH_TOKEN_TTL_S } from '../tokens/lifetimes.js';
import { resolveAudience } from './resource-servers.js';

/** Successful `/oauth/token` body, fields in Auth0's order (reference §2.3). */
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
  /** Continue a refresh-token family instead of starting a new one. */
  refreshFamily?: string;
  /** Scope the refresh token keeps when `scope` narrows this one access token (refresh grant). */
  refreshScope?: string;
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
    claims.email_verified = user.email_verified === 1;
  }
  return claims;
}

/** Mints the access token, plus an id_token for `openid` and a rotating refresh token for `offline_access`. */
export async function issueUserTokens(t: Tessera, request: UserTokenRequest): Promise<TokenResponse> {
  const { client, user, audience, scope } = request;
  const scopes = parseScope(scope);
  // Resolved again here, not trusted from the login: an API deleted since then stops its refresh tokens.
  const api = resolveAudience(t, audience);
  const ttl = api.token_lifetime;
  const aud = scopes.includes('openid') && audience !== t.audiences.userinfo ? [audience, t.audiences.userinfo] : audience;
  const response: TokenResponse = {
    access_token: await t.signer.sign({ sub: user.user_id, aud, azp: client.client_id, scope, gty: 'password' }, ttl),
    expires_in: ttl,
    token_type: 'Bearer',
  };
  if (scopes.includes('openid')) {
    response.id_token = await t.signer.sign({ sub: user.user_id, aud: client.client_id, ...idTokenClaims(user, scopes) }, ID_TOKEN_TTL_S);
  }
  const grantTypes = JSON.parse(client.grant_types) as string[];
  const refreshScope = request.refreshScope ?? scope;
  if (parseScope(refreshScope).includes('offline_access') && api.allow_offline_access && grantTypes.includes('refresh_token')) {
    const token = `v1.${randomToken(t.random, 48)}`;
    const now = t.clock.now();
    t.store.refreshTokens.insert({
      token_digest: refreshTokenDigest(t, token),
      family_id: request.refreshFamily ?? randomToken(t.random, 16),
      user_id: user.user_id,
      client_id: client.client_id,
      audience,
      scope: refreshScope,
      created_at: now,
      expires_at: now + REFRESH_TOKEN_TTL_S * 1000,
      used_at: null,
      revoked_at: null,
    });
    response.refresh_token = token;
  }
  return {
    access_token: response.access_token,
    ...(response.id_token ? { id_token: response.id_token } : {}),
    ...(response.refresh_token ? { refresh_token: response.refresh_token } : {}),
    ...(scope ? { scope } : {}),
    expires_in: response.expires_in,
    token_type: 'Bearer',
  };
}
