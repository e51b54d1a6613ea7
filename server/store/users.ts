import type { UserSearch } from './queries.js';

/**
 * An insert or update gave a user an email another user holds (compared case-insensitively). The routes
 * check first; this is what the store answers when a concurrent request took the email in between.
 */
export class EmailTakenError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('store: another user already has this email', options);
  }
}

export interface UserRow {
  user_id: string;
  email: string;
  email_verified: boolean;
  password_hash: string;
  name: string | null;
  nickname: string | null;
  given_name: string | null;
  family_name: string | null;
  picture: string | null;
  blocked: boolean;
  user_metadata: Record<string, unknown>;
  app_metadata: Record<string, unknown>;
  logins_count: number;
  last_login: number | null;
  remember_browser_invalidated_at?: number | null;
  push_locked_at?: number | null;
  created_at: number;
  updated_at: number;
}

export interface UserPage {
  users: UserRow[];
  /** Every match's count: always for `page`, for `search` when it asks (`withTotal`). */
  total?: number;
}

export interface UserRepo {
  find(userId: string): Promise<UserRow | undefined>;
  /**
   * find, for a transaction that goes on to write rows referencing the user: the row is held as a foreign
   * key check holds it (PostgreSQL `FOR KEY SHARE`) until the transaction ends, taken before this transaction
   * changes any of the user's rows. A concurrent delete of the user then waits for it (or, having deleted
   * first, makes the store run it again) rather than deadlocking with the delete's cascade over rows it
   * already changed. SQLite runs one transaction at a time: a plain find.
   */
  findForReference(userId: string): Promise<UserRow | undefined>;
  findByEmail(email: string): Promise<UserRow | undefined>;
  /**
   * `name` as findByEmail compares it: two names that find the same user have the same loginName. What a
   * per-account limit is keyed by, so no other spelling of an address gets a bucket of its own.
   */
  loginName(name: string): Promise<string>;
  page(offset: number, limit: number): Promise<UserPage>;
  /** A filtered, sorted page, and the count of all matches when `withTotal`. */
  search(query: UserSearch): Promise<UserPage>;
  /** Rejects with EmailTakenError when another user has the email. */
  insert(row: UserRow): Promise<void>;
  /** Rejects with EmailTakenError when another user has the new email. */
  update(userId: string, fields: Partial<Omit<UserRow, 'user_id' | 'created_at'>>): Promise<void>;
  recordLogin(userId: string, now: number): Promise<void>;
  /**
   * The login of a user who is not blocked, recorded by the statement that reads the user: the user as
   * it is now, or undefined (nothing written) when there is no such user or it is blocked.
   */
  recordLoginOf(userId: string, now: number): Promise<UserRow | undefined>;
  /** Replaces the password hash only if it is still `expected` (a concurrent change wins); true when swapped. */
  swapPasswordHash(userId: string, expected: string, next: string, now: number): Promise<boolean>;
  invalidateRememberBrowser(userId: string, now: number): Promise<void>;
  /** Locks (a time) or unlocks (null) the user's push factor. */
  setPushLock(userId: string, at: number | null): Promise<void>;
  remove(userId: string): Promise<boolean>;
}

