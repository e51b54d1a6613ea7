
/** A token bucket: `capacity` tokens, refilled at one token per `refillMs`. */
export interface BucketPolicy {
  capacity: number;
  refillMs: number;
}

export interface RateBucketRepo {
  /**
   * Takes one token if there is one; true when it did. Check and take are one transaction, so of N
   * parallel callers at most the bucket's level get `true`: callers spend before the slow work.
   */
  consume(key: string, policy: BucketPolicy, now: number): Promise<boolean>;
  /** Gives back a token taken by `consume` (an attempt that succeeded should not cost the user). */
  refund(key: string, policy: BucketPolicy, now: number): Promise<void>;
  /** For reporting only (was this the failure that locked the user out?): never gate on it, use `consume`. */
  isEmpty(key: string, policy: BucketPolicy, now: number): Promise<boolean>;
  reset(key: string): Promise<void>;
}

/** Persisted in SQLite so a restart does not hand an attacker a fresh bucket. */
