import type { Tessera } from '../context.js';
import type { UserRow } from '../store/users.js';

/** The one database connection (reference: Auth0's default `Username-Password-Authentication`). */
export const DATABASE_CONNECTION = 'Username-Password-Authentication';
export const USER_ID_PREFIX = 'auth0|';
export const MIN_PASSWORD_LENGTH = 8;

const iso = (ms: number) => new Date(ms).toISOString();

/** Management API user object, in Auth0's field names. */
export async function userView(t: Tessera, row: UserRow): Promise<Record<string, unknown>> {
  return (await userViews(t, [row]))[0]!;
}

/** `userView` of each row, in order: whose `multifactor` to show is one store read for the whole page. */
export async function userViews(t: Tessera, rows: UserRow[]): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const withFactor = await t.store.authenticators.withActiveFactor(rows.map((row) => row.user_id));
  return rows.map((row) => viewOf(row, withFactor.has(row.user_id)));
}

function viewOf(row: UserRow, hasFactor: boolean): Record<string, unknown> {
  return {
    user_id: row.user_id,
    email: row.email,
    email_verified: row.email_verified,
    name: row.name ?? row.email,
    nickname: row.nickname ?? row.email.split('@')[0],
    ...(row.given_name ? { given_name: row.given_name } : {}),
    ...(row.family_name ? { family_name: row.family_name } : {}),
    ...(row.picture ? { picture: row.picture } : {}),
    identities: [
      { connection: DATABASE_CONNECTION, provider: 'auth0', user_id: row.user_id.slice(USER_ID_PREFIX.length), isSocial: false },
    ],
    user_metadata: row.user_metadata,
    app_metadata: row.app_metadata,
    blocked: row.blocked,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    ...(row.last_login !== null ? { last_login: iso(row.last_login) } : {}),
    logins_count: row.logins_count,
    ...(hasFactor ? { multifactor: ['guardian'] } : {}),
    // Beyond Auth0: present only while "this wasn't me" has locked push, so other users' bodies stay Auth0's.
    ...(row.push_locked_at != null ? { multifactor_push_locked: true } : {}),
  };
}

/** Auth0 metadata PATCH semantics: top-level keys merge, a `null` value removes the key. */
export function mergeMetadata(current: Record<string, unknown>, patch: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (patch === undefined) return undefined;
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
