
export interface MfaTransactionRow {
  token_digest: string;
  user_id: string;
  client_id: string;
  audience: string;
  scope: string;
  created_at: number;
  expires_at: number;
}

export interface MfaTransactionRepo {
  find(tokenDigest: string): Promise<MfaTransactionRow | undefined>;
  insert(row: MfaTransactionRow): Promise<void>;
  /** Drops transactions that expired before `cutoff` (kept a while so a late use reads "expired", not "malformed"). */
  purgeBefore(cutoff: number): Promise<number>;
}
