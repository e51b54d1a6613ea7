import { transaction, type Tessera, type RequestOrigin } from '../context.js';
import { OAuthErrors } from '../errors.js';
import { generateRecoveryCode, recoveryCodeDigest } from '../factors/recovery-code.js';
import { generateTotpSecret, totpBarcodeUri } from '../factors/otp.js';
import type { UserRow } from '../store/users.js';
import { authenticatorId, newLinkId } from './authenticators.js';

export interface OtpAssociation {
  authenticator_type: 'otp';
  secret: string;
  barcode_uri: string;
  recovery_codes?: string[];
}

/**
 * A pending recovery code, issued with the user's first enrollment only (https://auth0.com/docs/api/authentication/multi-factor-authentication/add-an-authenticator) and
 * activated with it. A repeated unconfirmed attempt replaces the pending code.
 */
export async function pendingRecoveryCode(t: Tessera, userId: string, now: number): Promise<string | undefined> {
  if (!(await t.store.tenant.isFactorEnabled('recovery-code'))) return undefined;
  const existing = (await t.store.authenticators.forUser(userId)).filter((row) => row.kind === 'recovery-code');
  if (existing.some((row) => row.active)) return undefined;
  await t.store.authenticators.removeInactive(userId, 'recovery-code');
  const code = generateRecoveryCode(t.random);
  const linkId = newLinkId(t);
  await t.store.authenticators.insert({
    id: authenticatorId('recovery-code', linkId),
    user_id: userId,
    kind: 'recovery-code',
    link_id: linkId,
    name: null,
    secret_enc: null,
    code_digest: recoveryCodeDigest(t.secrets, code),
    active: false,
    last_used_step: null,
    created_at: now,
    confirmed_at: null,
    last_auth_at: null,
  });
  return code;
}

/** Confirming the user's first enrollment also activates the recovery code issued with it. */
export async function activatePendingRecoveryCode(t: Tessera, userId: string, now: number): Promise<void> {
  for (const row of (await t.store.authenticators.forUser(userId))) {
    if (row.kind === 'recovery-code' && !row.active) await t.store.authenticators.activate(row.id, now);
  }
}

/**
 * For an enrollment that completes in one step (a device spending an enrollment ticket): the recovery
 * code a first enrollment brings, issued and active at once; undefined when the user gets none.
 */
export async function issueRecoveryCode(t: Tessera, userId: string, now: number): Promise<string | undefined> {
  const code = await pendingRecoveryCode(t, userId, now);
  if (code !== undefined) await activatePendingRecoveryCode(t, userId, now);
  return code;
}

/**
 * The user an enrollment is for, read and held (findForReference) by the `t` of the transaction that writes
 * the enrollment, before it changes anything: a user deleted meanwhile is then either gone from this read or
 * makes the store run the transaction again (PostgreSQL SERIALIZABLE; SQLite runs one transaction at a
 * time), never an authenticator insert that meets the foreign key or a deadlock with the delete's cascade.
 * Gone, the bearer gets what an mfa_token gets a moment later from resolveBearer (mfa-tokens.ts): deleting
 * a user deletes its mfa_tokens, and an unknown one is 401 invalid_token "Malformed mfa_token".
 */
export async function enrollingUser(t: Tessera, userId: string): Promise<UserRow> {
  const user = await t.store.users.findForReference(userId);
  if (!user) throw OAuthErrors.invalidToken(OAuthErrors.malformedMfaToken().description);
  return user;
}

/** Creates an inactive TOTP authenticator, confirmed later by the first good code through mfa-otp. */
export async function associateOtp(t: Tessera, userId: string, clientId: string | null, origin: RequestOrigin): Promise<OtpAssociation & { id: string }> {
  const now = t.clock.now();
  const secret = generateTotpSecret(t.random);
  const linkId = newLinkId(t);
  const id = authenticatorId('totp', linkId);
  const { user, recoveryCode } = await transaction(t, async (t) => {
    const user = await enrollingUser(t, userId);
    await t.store.authenticators.removeInactive(userId, 'totp');
    await t.store.authenticators.insert({
      id,
      user_id: userId,
      kind: 'totp',
      link_id: linkId,
      name: null,
      secret_enc: t.secrets.encrypt(secret, `authenticator:${id}`),
      code_digest: null,
      active: false,
      last_used_step: null,
      created_at: now,
      confirmed_at: null,
      last_auth_at: null,
    });
    return { user, recoveryCode: await pendingRecoveryCode(t, userId, now) };
  });
  await t.audit.record({ type: 'gd_start_enroll', origin, userId, clientId, details: { authenticator: { id, type: 'otp' } } });
  const tenant = await t.store.tenant.name();
  return {
    id,
    authenticator_type: 'otp',
    secret,
    barcode_uri: totpBarcodeUri(secret, tenant, user.email),
    ...(recoveryCode ? { recovery_codes: [recoveryCode] } : {}),
  };
}
