import { transaction } from '../context.js';
import { Type, type Static } from 'typebox';
import { OAuthErrors } from '../errors.js';
import { hasFactorBesidesEmail, mfaRequirements } from '../services/authenticators.js';
import { createMfaToken } from '../services/mfa-tokens.js';
import { bucketKeys, PASSWORD_FAILURE_BUCKET, rateLimited } from '../services/rate-limits.js';
import { issueUserTokens } from '../services/token-issuer.js';
import { grantableUserScopes, resolveAudience } from '../services/resource-servers.js';
import { joinScope, parseScope } from '../scopes.js';
import { DATABASE_CONNECTION } from '../services/users.js';
import { GRANT_TYPES, type Grant, type GrantContext } from './types.js';

const PasswordParams = Type.Object({
  username: Type.String({ minLength: 1 }),
  password: Type.String({ minLength: 1 }),
  scope: Type.Optional(Type.String()),
  audience: Type.Optional(Type.String({ minLength: 1 })),
  realm: Type.Optional(Type.String({ minLength: 1 })),
});
type PasswordParams = Static<typeof PasswordParams>;

const RealmParams = Type.Object({ ...PasswordParams.properties, realm: Type.String({ minLength: 1 }) });

/**
 * An imported hash (bcrypt, argon2, pbkdf2, scrypt from another system) is replaced by Tessera's scrypt
 * once the password is proven, as Auth0 does after a bulk import. The swap only happens if the hash is
 * still the imported one, so a password changed meanwhile is never overwritten.
 */
async function rehashImported(ctx: GrantContext, userId: string, imported: string, password: string): Promise<void> {
  const { t } = ctx;
  const next = await t.passwords.hash(password);
  await transaction(t, async (t) => await t.store.users.swapPasswordHash(userId, imported, next, t.clock.now()));
}

async function passwordLogin(ctx: GrantContext, params: PasswordParams) {
  const { t, client, origin } = ctx;
  if (params.realm !== undefined && params.realm !== DATABASE_CONNECTION) {
    throw OAuthErrors.invalidRequest(`Connection "${params.realm}" does not exist.`);
  }
  const audience = params.audience ?? t.audiences.userinfo;
  if (audience === t.audiences.management) {
    throw OAuthErrors.accessDenied('User tokens for the Management API are not supported; use client_credentials.');
  }
  // Before the password is checked: a request for an unknown API costs no login attempt.
  const api = await resolveAudience(t, audience);
  const now = t.clock.now();
  // Keyed by the name typed as the store compares it, not by the account: unknown names lock out exactly
  // like real ones, so the 429 does not reveal which accounts exist; and every spelling that finds an
  // account (ADA@, or on PostgreSQL alİce@ for alice@) shares its one bucket.
  const [user, loginName] = await Promise.all([t.store.users.findByEmail(params.username), t.store.users.loginName(params.username.trim())]);
  const bucket = bucketKeys.passwordFailures(loginName);
  // Taken before the slow hash, so parallel guesses cannot outrun the limit; a right password resets it below.
  if (!(await t.store.rateBuckets.consume(bucket, PASSWORD_FAILURE_BUCKET, now))) throw await rateLimited(t, bucket, PASSWORD_FAILURE_BUCKET, OAuthErrors.tooManyLogins());
  if (!(await t.passwords.verify(params.password, user?.password_hash)) || !user) {
    await t.audit.record({ type: 'fp', origin, clientId: client.client_id, userId: user?.user_id ?? null, userName: user?.email ?? null, clientName: client.name, details: { username: params.username } });
    throw OAuthErrors.wrongCredentials();
  }
  await t.store.rateBuckets.reset(bucket);
  if (t.passwords.needsRehash(user.password_hash)) await rehashImported(ctx, user.user_id, user.password_hash, params.password);
  if (user.blocked) throw OAuthErrors.userBlocked();

  const scope = joinScope(grantableUserScopes(api, parseScope(params.scope)));
  // The MFA API audience challenges whoever has a factor to answer with besides email, whatever the policy:
  // "If your users are not enrolled with any authentication factors, or are only enrolled with the email
  // factor, the MFA token is minted and the user not issued a challenge" (https://auth0.com/docs/secure/multi-factor-authentication/manage-mfa-auth0-apis/manage-authenticator-factors-mfa-api).
  // For any other audience the tenant policy decides.
  // Read once for that decision and, if a challenge follows, for its mfa_requirements.
  const authenticators = audience === t.audiences.mfa ? await t.store.authenticators.forUser(user.user_id) : undefined;
  const mfaRequired = authenticators ? hasFactorBesidesEmail(authenticators) : (await t.store.tenant.policies()).includes('all-applications');
  // The audit rows name the user and client read above (no second read of either for the log).
  const who = { origin, clientId: client.client_id, userId: user.user_id, userName: user.email, clientName: client.name };
  if (mfaRequired) {
    const mfaToken = await createMfaToken(t, { userId: user.user_id, clientId: client.client_id, audience, scope });
    // One read of the authenticators for both: a challenge is offered exactly when the user has an
    // active factor other than a recovery code (hasActiveFactor's definition).
    const requirements = await mfaRequirements(t, user.user_id, authenticators);
    await t.audit.record({ type: 'mfar', ...who, details: { enrolled: 'challenge' in requirements } });
    throw OAuthErrors.mfaRequired(mfaToken, requirements);
  }
  await t.store.users.recordLogin(user.user_id, now);
  await t.audit.record({ type: 's', ...who });
  return issueUserTokens(t, { client, user, audience, scope });
}

export const passwordGrant: Grant<PasswordParams> = {
  grantType: GRANT_TYPES.password,
  parameters: PasswordParams,
  handler: passwordLogin,
};

export const passwordRealmGrant: Grant<PasswordParams> = {
  grantType: GRANT_TYPES.passwordRealm,
  parameters: RealmParams,
  handler: passwordLogin,
};
