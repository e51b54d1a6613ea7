import { prepared, type Queryable } from './queryable.js';
import { insertAuthenticator } from './authenticators.js';
import { emailChecked, findUser, insertUser, userFromRecord, type UserRecord } from './user-records.js';
import type { NewAuthenticator } from '../authenticators.js';
import type { UserRow } from '../users.js';
import type { UserImportRepo } from '../user-import.js';

/**
 * Whole batches in one statement each: a column array per field, unnest()ed into rows
 * (https://www.postgresql.org/docs/current/functions-array.html), so a batch of 1,000 users costs one
 * round trip, not 1,000.
 */
const BY_EMAILS = prepared(`SELECT k.lookup_key, u.* FROM unnest($1::text[]) AS k(lookup_key)
  JOIN users u ON lower(u.email) = lower(k.lookup_key)`);
const BY_IDS = prepared('SELECT * FROM users WHERE user_id = ANY($1::text[])');
const INSERT_USERS = prepared(`INSERT INTO users (user_id, email, email_verified, password_hash, name, nickname, given_name, family_name,
  picture, blocked, user_metadata, app_metadata, logins_count, last_login, created_at, updated_at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
  $9::text[], $10::boolean[], $11::text[], $12::text[], $13::integer[], $14::bigint[], $15::bigint[], $16::bigint[])`);
const INSERT_AUTHENTICATORS = prepared(`INSERT INTO authenticators (id, user_id, kind, link_id, name, secret_enc, code_digest, active,
  last_used_step, created_at, confirmed_at, last_auth_at, phone_number, email, preferred_method)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[],
  $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::text[], $14::text[], $15::text[])`);

/** One array per column, in `columns` order. */
function columnArrays<T>(rows: T[], columns: ((row: T) => unknown)[]): unknown[][] {
  return columns.map((column) => rows.map(column));
}

const USER_COLUMNS: ((row: UserRow) => unknown)[] = [
  (r) => r.user_id, (r) => r.email, (r) => r.email_verified, (r) => r.password_hash, (r) => r.name, (r) => r.nickname,
  (r) => r.given_name, (r) => r.family_name, (r) => r.picture, (r) => r.blocked, (r) => JSON.stringify(r.user_metadata),
  (r) => JSON.stringify(r.app_metadata), (r) => r.logins_count, (r) => r.last_login, (r) => r.created_at, (r) => r.updated_at,
];

const AUTHENTICATOR_COLUMNS: ((row: NewAuthenticator) => unknown)[] = [
  (r) => r.id, (r) => r.user_id, (r) => r.kind, (r) => r.link_id, (r) => r.name, (r) => r.secret_enc, (r) => r.code_digest,
  (r) => r.active, (r) => r.last_used_step, (r) => r.created_at, (r) => r.confirmed_at, (r) => r.last_auth_at,
  (r) => r.phone_number ?? null, (r) => r.email ?? null, (r) => r.preferred_method ?? null,
];

async function findMany(q: Queryable, emails: string[], userIds: string[]) {
  const byEmail = new Map<string, UserRow>();
  const byId = new Map<string, UserRow>();
  if (emails.length > 0) {
    for (const { lookup_key, ...record } of (await q.query<UserRecord & { lookup_key: string }>(BY_EMAILS, [emails])).rows) byEmail.set(lookup_key, userFromRecord(record));
  }
  if (userIds.length > 0) {
    for (const record of (await q.query<UserRecord>(BY_IDS, [userIds])).rows) byId.set(record.user_id, userFromRecord(record));
  }
  return { byEmail, byId };
}

/** The import's statements; PostgreSQL plans each per connection, so the batch ones are named (prepared). */
export function userImportRepo(q: Queryable): UserImportRepo {
  return {
    findByEmail: (email) => findUser(q, 'email', email),
    find: (userId) => findUser(q, 'user_id', userId),
    findMany: (emails, userIds) => findMany(q, emails, userIds),
    insertUser: (row) => insertUser(q, row),
    async insertUsers(rows) {
      if (rows.length > 0) await emailChecked(q.query(INSERT_USERS, columnArrays(rows, USER_COLUMNS)));
    },
    insertAuthenticator: (row) => insertAuthenticator(q, row),
    async insertAuthenticators(rows) {
      if (rows.length > 0) await q.query(INSERT_AUTHENTICATORS, columnArrays(rows, AUTHENTICATOR_COLUMNS));
    },
    hasActive: async (userId, kind) =>
      (await q.query('SELECT 1 FROM authenticators WHERE user_id = $1 AND kind = $2 AND active LIMIT 1', [userId, kind])).rows.length > 0,
  };
}
