/** The channels a one-time code goes out on (Auth0's `oob_channel` values for codes). */
export type OobCodeChannel = 'sms' | 'voice' | 'email';

/** An out-of-band code transaction: enrolling (confirms the authenticator) or a login challenge. */
export interface OobCodeRow {
  oob_digest: string;
  purpose: 'enrollment' | 'challenge';
  user_id: string;
  client_id: string;
  authenticator_id: string;
  channel: OobCodeChannel;
  /** Keyed digest of the code the user received (the `binding_code`). */
  code_digest: string;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
}

export interface OobCodeRepo {
  insert(row: OobCodeRow): Promise<void>;
  byOob(digest: string): Promise<OobCodeRow | undefined>;
  /** Spends the transaction if it is unspent and unexpired at `now`; false otherwise (of N racing callers one wins). */
  consume(digest: string, now: number): Promise<boolean>;
  /** Drops a transaction whose code never left (the provider failed): nothing is left to guess against. */
  remove(digest: string): Promise<void>;
  /** Drops transactions that expired before `cutoff`. */
  purgeBefore(cutoff: number): Promise<number>;
}
