import { randomHex } from '../crypto/random.js';
import type { Tessera } from '../context.js';
import type { UserRow } from '../store/users.js';
import type { RowError } from './import-schema.js';
import type { PlannedUser } from './import-row.js';
import { authenticatorId, newLinkId } from './authenticators.js';
import { USER_ID_PREFIX } from './users.js';

/** A user imported without a password cannot sign in with one until an administrator sets it. */
export const NO_PASSWORD = '!';

/** New ids come from the same randomness as users and enrollments created through the API. */
const importIds = {
  user: (t: Tessera) => `${USER_ID_PREFIX}${randomHex(t.random, 12)}`,
  totp: (t: Tessera) => authenticatorId('totp', newLinkId(t)),
};

const DUPLICATED: RowError = { code: 'DUPLICATED_USER', message: 'The user already exist and upsert parameter is false', path: '' };
const EMAIL_TAKEN: RowError = { code: 'DUPLICATED_USER', message: 'Another user already has this email', path: 'email' };

async function addTotp(t: Tessera, userId: string, secret: string, now: number): Promise<void> {
  const id = importIds.totp(t);
  await t.store.userImport.insertAuthenticator({
    id,
    user_id: userId,
    kind: 'totp',
    link_id: id.slice('totp|'.length),
    name: null,
    // Sealed like any enrollment's seed, bound to its row.
    secret_enc: t.secrets.encrypt(secret, `authenticator:${id}`),
    code_digest: null,
    active: true,
    last_used_step: null,
    created_at: now,
    confirmed_at: now,
    last_auth_at: null,
  });
}

async function insert(t: Tessera, user: PlannedUser, now: number): Promise<'inserted'> {
  const userId = user.userId ?? importIds.user(t);
  const p = user.profile;
  await t.store.userImport.insertUser({
    user_id: userId,
    email: user.email,
    email_verified: p.email_verified ?? false,
    password_hash: user.passwordHash ?? NO_PASSWORD,
    name: p.name ?? null,
    nickname: p.nickname ?? null,
    given_name: p.given_name ?? null,
    family_name: p.family_name ?? null,
    picture: p.picture ?? null,
    blocked: p.blocked ?? false,
    user_metadata: p.user_metadata ?? {},
    app_metadata: p.app_metadata ?? {},
    logins_count: 0,
    last_login: null,
    created_at: now,
    updated_at: now,
  });
  if (user.totpSecret !== undefined) await addTotp(t, userId, user.totpSecret, now);
  return 'inserted';
}

/**
 * Upsert: the fields the row carries replace the stored ones. A password hash is replaced only while
 * the stored one is still imported (or absent): once the user has signed in, their Tessera hash stays,
 * as Auth0 only lets an upsert change a custom hash the user has not logged in with. A TOTP factor is
 * added only to a user without an active one, so an enrollment made here is never replaced.
 */
async function update(t: Tessera, target: UserRow, user: PlannedUser, now: number): Promise<'updated'> {
  const replaceHash = user.passwordHash !== undefined && (target.password_hash === NO_PASSWORD || t.passwords.needsRehash(target.password_hash));
  await t.store.users.update(target.user_id, {
    ...user.profile,
    email: user.email,
    ...(replaceHash ? { password_hash: user.passwordHash } : {}),
    updated_at: now,
  });
  if (user.totpSecret !== undefined && !(await t.store.userImport.hasActive(target.user_id, 'totp'))) await addTotp(t, target.user_id, user.totpSecret, now);
  return 'updated';
}

/** Writes one planned user (inside the caller's savepoint); a refusal is returned, never half-written. */
export async function importRow(t: Tessera, user: PlannedUser, upsert: boolean, now: number): Promise<'inserted' | 'updated' | RowError[]> {
  const byEmail = await t.store.userImport.findByEmail(user.email);
  const byId = user.userId === undefined ? undefined : (await t.store.userImport.find(user.userId));
  if (!byEmail && !byId) return await insert(t, user, now);
  if (!upsert) return [DUPLICATED];
  if (byEmail && byId && byEmail.user_id !== byId.user_id) return [EMAIL_TAKEN];
  if (byEmail && user.userId !== undefined && byEmail.user_id !== user.userId) return [{ ...DUPLICATED, message: 'The user exists with another user_id', path: 'user_id' }];
  return await update(t, (byId ?? byEmail) as UserRow, user, now);
}
