import { prepared, type Queryable } from './queryable.js';
import { EmailTakenError, type UserRow } from '../users.js';

/** A users row as PostgreSQL holds it: metadata as JSON text (flags are BOOLEAN already). */
export interface UserRecord extends Omit<UserRow, 'user_metadata' | 'app_metadata'> {
  user_metadata: string;
  app_metadata: string;
}

export function userFromRecord(record: UserRecord): UserRow {
  return {
    ...record,
    user_metadata: JSON.parse(record.user_metadata) as Record<string, unknown>,
    app_metadata: JSON.parse(record.app_metadata) as Record<string, unknown>,
  };
}

/** A field's stored value: metadata as JSON text, the rest as they are. */
export function userColumn<K extends keyof UserRow>(key: K, value: UserRow[K]): unknown {
  return key === 'user_metadata' || key === 'app_metadata' ? JSON.stringify(value) : value;
}

const INSERT = prepared(`INSERT INTO users (user_id, email, email_verified, password_hash, name, nickname, given_name, family_name, picture,
  blocked, user_metadata, app_metadata, logins_count, last_login, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`);

/** The unique index on lower(email) (migrations/001-init.sql). */
const EMAIL_INDEX = 'users_email';

/**
 * A unique_violation (23505, https://www.postgresql.org/docs/current/errcodes-appendix.html) of the email
 * index becomes EmailTakenError: two requests that both found the email free race to write it, and the
 * loser must hear what the route's own check would have told it.
 */
export async function emailChecked<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    const { code, constraint } = error as { code?: unknown; constraint?: unknown };
    if (code === '23505' && constraint === EMAIL_INDEX) throw new EmailTakenError({ cause: error });
    throw error;
  }
}

/** An insert of `row`, for the users repo and the import's. */
export async function insertUser(q: Queryable, row: UserRow): Promise<void> {
  await emailChecked(q.query(INSERT, [
    row.user_id, row.email, row.email_verified, row.password_hash, row.name, row.nickname, row.given_name, row.family_name, row.picture,
    row.blocked, JSON.stringify(row.user_metadata), JSON.stringify(row.app_metadata), row.logins_count, row.last_login, row.created_at, row.updated_at,
  ]));
}

/**
 * One user by id, or by email as SQLite's `email COLLATE NOCASE` finds it: the unique index is on
 * lower(email), so the lookup compares lower() of both sides and uses it.
 */
const FIND_BY = {
  user_id: prepared('SELECT * FROM users WHERE user_id = $1'),
  email: prepared('SELECT * FROM users WHERE lower(email) = lower($1)'),
};

export async function findUser(q: Queryable, by: 'user_id' | 'email', value: string): Promise<UserRow | undefined> {
  const record = (await q.query<UserRecord>(FIND_BY[by], [value])).rows[0];
  return record && userFromRecord(record);
}
