
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
  /**
   * For reporting only (a refusal's `X-RateLimit-Reset`): when the bucket next holds a whole token, in
   * milliseconds; `now` if it holds one already. Meaningless for a capacity below one, which never does.
   */
  nextTokenAt(key: string, policy: BucketPolicy, now: number): Promise<number>;
  reset(key: string): Promise<void>;
}

/**
 * When a bucket at `level` tokens now holds a whole one (RateBucketRepo.nextTokenAt): the refill it lacks,
 * to the next millisecond. The level is a float: a lack of exactly 1 ms may come out as 1.0000000001, so
 * what is within a nanosecond of a whole millisecond counts as that millisecond.
 */
export function wholeTokenAt(level: number, policy: BucketPolicy, now: number): number {
  return level >= 1 ? now : now + Math.ceil((1 - level) * policy.refillMs - 1e-6);
}

/** Persisted in SQLite so a restart does not hand an attacker a fresh bucket. */
