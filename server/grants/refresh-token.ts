import { Type, type Static } from 'typebox';
import { OAuthErrors } from '../errors.js';
import { issueUserTokens, refreshTokenDigest } from '../services/token-issuer.js';
import { joinScope, parseScope } from '../scopes.js';
import { GRANT_TYPES, type Grant } from './types.js';

const Params = Type.Object({
  refresh_token: Type.String({ minLength: 1 }),
  scope: Type.Optional(Type.String()),
});


/** Rotating refresh tokens: each use returns a new one; reusing a spent token revokes its whole family. */
export const refreshTokenGrant: Grant<Static<typeof Params>> = {
  grantType: GRANT_TYPES.refreshToken,
  parameters: Params,
  async handler({ t, client, origin }, params) {
    const now = t.clock.now();
    const row = t.store.refreshTokens.find(refreshTokenDigest(t, params.refresh_token));
    const fail = (reason: string) => {
      t.audit.record({ type: 'fertft', origin, clientId: client.client_id, userId: row?.user_id ?? null, details: { reason } });
      return OAuthErrors.invalidRefreshToken();
    };
    if (!row || row.client_id !== client.client_id) throw fail('unknown refresh token');
    if (row.revoked_at !== null || row.expires_at <= now) throw fail('revoked or expired refresh token');
    // Checked before the token is spent, so a refused request does not cost the client its session;
    // a spent token skips it and meets the reuse check below.
    const granted = parseScope(row.scope);
    const requested = params.scope === undefined ? granted : parseScope(params.scope);
    if (row.used_at === null && requested.some((scope) => !granted.includes(scope))) throw OAuthErrors.refreshScopeExceeded();
    if (!t.store.refreshTokens.consume(row.token_digest, now)) {
      t.store.refreshTokens.revokeFamily(row.family_id, now);
      throw fail('refresh token reused; token family revoked');
    }
    const user = t.store.users.find(row.user_id);
    if (!user) throw fail('user no longer exists');
    if (user.blocked === 1) throw OAuthErrors.userBlocked();
    // The new refresh token keeps the family's full scope; only this access token is narrowed.
    const tokens = await issueUserTokens(t, {
      client,
      user,
      audience: row.audience,
      scope: joinScope(requested),
      refreshFamily: row.family_id,
      refreshScope: row.scope,
    });
    t.audit.record({ type: 'sertft', origin, clientId: client.client_id, userId: user.user_id });
    return tokens;
  },
};
