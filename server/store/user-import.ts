import type { NewAuthenticator } from './authenticators.js';
import type { UserRow } from './users.js';

/**
 * The statements a bulk import runs per row, prepared once per store (on first use) so 100,000 rows
 * do not pay 100,000 compilations of each.
 */
export interface UserImportRepo {
  findByEmail(email: string): Promise<UserRow | undefined>;
  find(userId: string): Promise<UserRow | undefined>;
  insertUser(row: UserRow): Promise<void>;
  insertAuthenticator(row: NewAuthenticator): Promise<void>;
  hasActive(userId: string, kind: string): Promise<boolean>;
}
