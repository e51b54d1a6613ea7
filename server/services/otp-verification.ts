import { transaction, type Tessera } from '../context.js';
import { verifyTotp } from '../factors/otp.js';
import type { AuthenticatorRow } from '../store/authenticators.js';
import type { StoreRepos } from '../store/index.js';
import { activatePendingRecoveryCode } from './enrollment.js';
import { bucketKeys, OTP_FAILURE_BUCKET } from './rate-limits.js';

export interface OtpAttempt {
  userId: string;
  /** The user's TOTP authenticators this code may match; an inactive one is confirmed by it. */
  candidates: AuthenticatorRow[];
  code: string;
  /**
   * Another single-use thing spent together with the code (the enrollment page's session): runs in the
   * same transaction (through the `store` it is given), and false undoes the whole step, so both are
   * spent or neither is.
   */
  spendWith?: (store: StoreRepos) => Promise<boolean>;
  /**
   * What the caller writes when the code is accepted (its audit rows, the login time): run in the
   * transaction that spends the step, so one verify commits once, and a failure undoes the step too.
   */
  onAccepted?: (t: Tessera, accepted: { authenticator: AuthenticatorRow; confirmed: boolean }) => Promise<void>;
}

export type OtpOutcome =
  /** The failure bucket is empty: the code was not even looked at. */
  | { status: 'locked' }
  | { status: 'accepted'; authenticator: AuthenticatorRow; confirmed: boolean }
  /** `lockedOut`: this failure emptied the bucket (the moment to log a lockout). */
  | { status: 'rejected'; replayed: boolean; lockedOut: boolean }
  /** The code was right but `spendWith` found its thing already spent. */
  | { status: 'conflict' };

/** Thrown inside the transaction to roll back a consumed step whose `spendWith` failed. */
class AlreadySpent extends Error {}

/**
 * The one path that accepts a TOTP code, for the mfa-otp grant and the enrollment page alike: takes an
 * attempt from the failure bucket first, verifies, and consumes the time step with compare-and-set, so
 * a code is accepted once (RFC 6238 §5.2) and parallel guesses evaluate at most the bucket's size.
 */
export async function attemptOtp(t: Tessera, attempt: OtpAttempt): Promise<OtpOutcome> {
  const now = t.clock.now();
  const bucket = bucketKeys.otpFailures(attempt.userId);
  try {
    // One transaction from taking the attempt to giving it back: the bucket's row stays locked meanwhile
    // (on PostgreSQL; SQLite has one writer), so a parallel attempt sees a right code's attempt refunded,
    // never spent, however long the winner's statements take to come back.
    return await transaction(t, async (t): Promise<OtpOutcome> => {
      if (!(await t.store.rateBuckets.consume(bucket, OTP_FAILURE_BUCKET, now))) return { status: 'locked' };
      let replayed = false;
      for (const row of attempt.candidates) {
        const check = verifyTotp(t.secrets.decrypt(row.secret_enc ?? '', `authenticator:${row.id}`), attempt.code, now, row.last_used_step);
        if (!check.valid) {
          replayed ||= check.replayed;
          continue;
        }
        if (!(await t.store.authenticators.consumeStep(row.id, check.timeStep, now))) {
          replayed = true;
          continue;
        }
        if (attempt.spendWith && !(await attempt.spendWith(t.store))) throw new AlreadySpent();
        const confirms = !row.active;
        if (confirms) {
          await t.store.authenticators.activate(row.id, now);
          await activatePendingRecoveryCode(t, attempt.userId, now);
        }
        // A right code does not cost the user an attempt: given back in the same commit.
        await t.store.rateBuckets.refund(bucket, OTP_FAILURE_BUCKET, now);
        await attempt.onAccepted?.(t, { authenticator: row, confirmed: confirms });
        return { status: 'accepted', authenticator: row, confirmed: confirms };
      }
      return { status: 'rejected', replayed, lockedOut: await t.store.rateBuckets.isEmpty(bucket, OTP_FAILURE_BUCKET, now) };
    });
  } catch (error) {
    // The rollback gave the attempt back along with the step.
    if (error instanceof AlreadySpent) return { status: 'conflict' };
    throw error;
  }
}
