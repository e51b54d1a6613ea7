import { randomHex } from '../crypto/random.js';
import type { Tessera } from '../context.js';
import type { NewAuthenticator } from '../store/authenticators.js';
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

/** The rows a new user is written as: the user, and its TOTP enrollment when the row carries one. */
export function newUserRows(t: Tessera, user: PlannedUser, now: number): { user: UserRow; totp?: NewAuthenticator } {
  const userId = user.userId ?? importIds.user(t);
  const p = user.profile;
  const row: UserRow = {
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
  };
  return user.totpSecret === undefined ? { user: row } : { user: row, totp: totpRow(t, userId, user.totpSecret, now) };
}

function totpRow(t: Tessera, userId: string, secret: string, now: number): NewAuthenticator {
  const id = importIds.totp(t);
  return {
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
  };
}

async function insert(t: Tessera, user: PlannedUser, now: number): Promise<'inserted'> {
  const rows = newUserRows(t, user, now);
  await t.store.userImport.insertUser(rows.user);
  if (rows.totp) await t.store.userImport.insertAuthenticator(rows.totp);
  return 'inserted';
}

/**
 * Upsert: the fields the row carries replace the stored ones. A password hash is replaced only while
 * the stored one is still imported (or absent): once the user has signed in, their Tessera hash stays,
 * as Auth0 only lets an upsert change a custom hash the user has not logged in with. A TOTP factor is
 * added only to a user without an active one, so an enrollment made here is never replaced.
 */
export async function update(t: Tessera, target: UserRow, user: PlannedUser, now: number): Promise<'updated'> {
  const replaceHash = user.passwordHash !== undefined && (target.password_hash === NO_PASSWORD || t.passwords.needsRehash(target.password_hash));
  await t.store.users.update(target.user_id, {
    ...user.profile,
    email: user.email,
    ...(replaceHash ? { password_hash: user.passwordHash } : {}),
    updated_at: now,
  });
  if (user.totpSecret !== undefined && !(await t.store.userImport.hasActive(target.user_id, 'totp'))) {
    await t.store.userImport.insertAuthenticator(totpRow(t, target.user_id, user.totpSecret, now));
  }
  return 'updated';
}

export type RowAction = { kind: 'insert' } | { kind: 'update'; target: UserRow } | { kind: 'refuse'; errors: RowError[] };

/** What a planned user becomes, given the stored user with its email and the one with its user_id. */
export function decideRow(user: PlannedUser, upsert: boolean, byEmail: UserRow | undefined, byId: UserRow | undefined): RowAction {
  if (!byEmail && !byId) return { kind: 'insert' };
  if (!upsert) return { kind: 'refuse', errors: [DUPLICATED] };
  if (byEmail && byId && byEmail.user_id !== byId.user_id) return { kind: 'refuse', errors: [EMAIL_TAKEN] };
  if (byEmail && user.userId !== undefined && byEmail.user_id !== user.userId) {
    return { kind: 'refuse', errors: [{ ...DUPLICATED, message: 'The user exists with another user_id', path: 'user_id' }] };
  }
  return { kind: 'update', target: (byId ?? byEmail) as UserRow };
}

/** Writes one planned user, looking up what it collides with first; a refusal is returned, never half-written. */
export async function importRow(t: Tessera, user: PlannedUser, upsert: boolean, now: number): Promise<'inserted' | 'updated' | RowError[]> {
  const byEmail = await t.store.userImport.findByEmail(user.email);
  const byId = user.userId === undefined ? undefined : (await t.store.userImport.find(user.userId));
  const action = decideRow(user, upsert, byEmail, byId);
  if (action.kind === 'insert') return await insert(t, user, now);
  if (action.kind === 'refuse') return action.errors;
  return await update(t, action.target, user, now);
}
