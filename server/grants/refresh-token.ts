import { transaction } from '../context.js';
import { Type, type Static } from 'typebox';
import { OAuthErrors } from '../errors.js';
import { issueUserTokens, refreshTokenDigest, saveRefreshToken } from '../services/token-issuer.js';
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
    const row = await t.store.refreshTokens.find(refreshTokenDigest(t, params.refresh_token));
    const fail = async (reason: string) => {
      await t.audit.record({ type: 'fertft', origin, clientId: client.client_id, userId: row?.user_id ?? null, details: { reason } });
      return OAuthErrors.invalidRefreshToken();
    };
    if (!row || row.client_id !== client.client_id) throw (await fail('unknown refresh token'));
    if (row.revoked_at !== null || row.expires_at <= now) throw (await fail('revoked or expired refresh token'));
    // Checked before the token is spent, so a refused request does not cost the client its session;
    // a spent token skips it and meets the reuse check below.
    const granted = parseScope(row.scope);
    const requested = params.scope === undefined ? granted : parseScope(params.scope);
    if (row.used_at === null && requested.some((scope) => !granted.includes(scope))) throw OAuthErrors.refreshScopeExceeded();
    const user = await t.store.users.find(row.user_id);
    // Spending the token and saving its successor are one transaction: a parallel reuse either meets a
    // spent token with its successor already saved (and revokes both), or finds nothing spent yet.
    const rotation = await transaction(t, async (t) => {
      if (!(await t.store.refreshTokens.consume(row.token_digest, now))) {
        await t.store.refreshTokens.revokeFamily(row.family_id, now);
        return { reused: true } as const;
      }
      if (!user || user.blocked) return { reused: false, successor: undefined } as const;
      return { reused: false, successor: (await saveRefreshToken(t, { client, user, audience: row.audience, scope: row.scope, family: row.family_id })) } as const;
    });
    // RFC 9700 §4.14.2: the server cannot tell the attacker from the client, so reuse revokes the family.
    if (rotation.reused) throw (await fail('refresh token reused; token family revoked'));
    if (!user) throw (await fail('user no longer exists'));
    if (user.blocked || rotation.successor === undefined) throw OAuthErrors.userBlocked();
    // The new refresh token keeps the family's full scope; only this access token is narrowed.
    const tokens = await issueUserTokens(t, {
      client,
      user,
      audience: row.audience,
      scope: joinScope(requested),
      refreshToken: rotation.successor,
    });
    await t.audit.record({ type: 'sertft', origin, clientId: client.client_id, userId: user.user_id });
    return tokens;
  },
};
