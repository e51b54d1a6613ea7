import type { UserRow } from '../users.js';

/** A users row as SQLite holds it: flags as 0/1, metadata as JSON text. */
export interface UserRecord extends Omit<UserRow, 'email_verified' | 'blocked' | 'user_metadata' | 'app_metadata'> {
  email_verified: number;
  blocked: number;
  user_metadata: string;
  app_metadata: string;
}

export function userFromRecord(record: UserRecord): UserRow {
  return {
    ...record,
    email_verified: record.email_verified === 1,
    blocked: record.blocked === 1,
    user_metadata: JSON.parse(record.user_metadata) as Record<string, unknown>,
    app_metadata: JSON.parse(record.app_metadata) as Record<string, unknown>,
  };
}

/** The columns of `fields` as stored; those left undefined stay undefined (not updated). */
export function userColumns<T extends Partial<UserRow>>(fields: T): Record<string, unknown> {
  const columns: Record<string, unknown> = { ...fields };
  if (fields.email_verified !== undefined) columns.email_verified = fields.email_verified ? 1 : 0;
  if (fields.blocked !== undefined) columns.blocked = fields.blocked ? 1 : 0;
  if (fields.user_metadata !== undefined) columns.user_metadata = JSON.stringify(fields.user_metadata);
  if (fields.app_metadata !== undefined) columns.app_metadata = JSON.stringify(fields.app_metadata);
  return columns;
}
