import type { AuthenticatorRow } from './authenticators.js';
import type { FactorName } from './tenant.js';

export interface MfaTransactionRow {
  token_digest: string;
  user_id: string;
  client_id: string;
  audience: string;
  scope: string;
  created_at: number;
  expires_at: number;
}

/**
 * An mfa_token's transaction with what listing its user's authenticators needs: the stored ones (in
 * `forUser`'s order), the user's address, and one factor's switch (the email factor's, whose implicit
 * authenticator a verified address is).
 */
export interface MfaTransactionListing {
  transaction: MfaTransactionRow;
  authenticators: AuthenticatorRow[];
  user: { email: string; email_verified: boolean };
  factorEnabled: boolean;
}

export interface MfaTransactionRepo {
  find(tokenDigest: string): Promise<MfaTransactionRow | undefined>;
  /**
   * `find` and the listing of its user's authenticators in one statement: `GET /mfa/authenticators` is
   * the MFA API's most frequent call, and on PostgreSQL each statement is a round trip costing both
   * processes CPU (three before, issue 12).
   */
  findListing(tokenDigest: string, factor: FactorName): Promise<MfaTransactionListing | undefined>;
  insert(row: MfaTransactionRow): Promise<void>;
  /** Drops transactions that expired before `cutoff` (kept a while so a late use reads "expired", not "malformed"). */
  purgeBefore(cutoff: number): Promise<number>;
}
