import type { NewAuthenticator } from './authenticators.js';
import type { UserRow } from './users.js';

/** The users a batch of import rows names: keyed by each email and id as the rows spell them. */
export interface ExistingUsers {
  /** Matched as findByEmail matches (case-insensitively). */
  byEmail: Map<string, UserRow>;
  byId: Map<string, UserRow>;
}

/**
 * The statements a bulk import runs, prepared once per store (on first use) so 100,000 rows do not pay
 * 100,000 compilations of each. The batch methods let one round trip serve a whole batch of rows, which
 * is what makes an import fast on PostgreSQL, where each statement is a round trip.
 */
export interface UserImportRepo {
  findByEmail(email: string): Promise<UserRow | undefined>;
  find(userId: string): Promise<UserRow | undefined>;
  findMany(emails: string[], userIds: string[]): Promise<ExistingUsers>;
  insertUser(row: UserRow): Promise<void>;
  /** Inserts every row, or none: a taken email fails the whole call with EmailTakenError. */
  insertUsers(rows: UserRow[]): Promise<void>;
  insertAuthenticator(row: NewAuthenticator): Promise<void>;
  insertAuthenticators(rows: NewAuthenticator[]): Promise<void>;
  hasActive(userId: string, kind: string): Promise<boolean>;
}
