import type { JWK } from 'jose';


/** A public key as a JWK (RFC 7517), in jose's type. */
export type PublicJwk = JWK;

/** Where a device is woken: Guardian's `push_credentials`. */
export interface PushCredentials {
  service: string;
  token: string;
}

/** What the device shows about a login request. */
export interface PushContext {
  client_name: string;
  ip: string;
  user_agent: string | null;
  requested_at: string;
}

export interface PushDeviceRow {
  link_id: string;
  user_id: string;
  identifier: string;
  name: string;
  public_jwk: PublicJwk;
  push_credentials: PushCredentials;
  token_digest: string;
  created_at: number;
  updated_at: number;
}

export interface PushTransactionRow {
  oob_digest: string;
  kind: 'enrollment' | 'challenge';
  user_id: string;
  client_id: string;
  enrollment_tx_digest: string | null;
  link_id: string | null;
  txtkn_digest: string | null;
  txtkn_enc: string | null;
  challenge: string | null;
  number: string | null;
  number_choices: string[] | null;
  context: PushContext | null;
  status: 'pending' | 'accepted' | 'rejected';
  reason: string | null;
  created_at: number;
  expires_at: number;
  resolved_at: number | null;
  consumed_at: number | null;
}

export interface PushRepo {
  device(linkId: string): Promise<PushDeviceRow | undefined>;
  devicesForUser(userId: string): Promise<PushDeviceRow[]>;
  insertDevice(row: PushDeviceRow): Promise<void>;
  updateDevice(linkId: string, fields: { name?: string; identifier?: string; push_credentials?: PushCredentials }, now: number): Promise<void>;
  insertTransaction(row: PushTransactionRow): Promise<void>;
  byOob(digest: string): Promise<PushTransactionRow | undefined>;
  byEnrollmentTx(digest: string): Promise<PushTransactionRow | undefined>;
  byTxtkn(digest: string): Promise<PushTransactionRow | undefined>;
  /** Pending, unexpired challenges a device should see: those for its user and either no device or this one. */
  pendingFor(userId: string, linkId: string, now: number): Promise<PushTransactionRow[]>;
  /** Settles a pending transaction; false when it was no longer pending (a replay or a race). */
  resolve(digest: string, status: 'accepted' | 'rejected', reason: string | null, linkId: string | null, now: number): Promise<boolean>;
  /** Hands out the result once: false when already consumed. */
  consume(digest: string, now: number): Promise<boolean>;
  /**
   * Marks the user's expired, unanswered login requests as noticed (`reason` 'expired', still pending so
   * a poll keeps answering `expired_token`) and says how many were newly marked: each is counted once.
   */
  claimExpired(userId: string, now: number): Promise<number>;
}
