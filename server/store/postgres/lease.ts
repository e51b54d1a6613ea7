import type pg from 'pg';
import type { Clock } from '../../deps.js';

/**
 * Job leases for several instances on one database: a job runner (the bulk MFA reset, imports, exports)
 * works on a job only while it holds the job's lease, so exactly one instance runs it. A lease that is
 * not renewed expires, and another instance takes the job over; the holder renews well before `ttlMs`.
 *
 * Times come from the instances' clocks (injected), so their skew shortens or lengthens a lease by as
 * much: keep it far below `ttlMs` (NTP gives milliseconds).
 */
export interface JobLeases {
  /** Takes the lease if it is free or expired, or renews it if `holder` has it; false while another holds it. */
  tryLease(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up early (the job ended); a no-op unless `holder` has it. */
  release(name: string, holder: string): Promise<void>;
}

// One statement, so PostgreSQL decides between racing instances: the row lock taken by ON CONFLICT lets
// one of them in, and the others see its fresh expiry and match no row.
const TRY_LEASE = `
INSERT INTO job_leases (name, holder, expires_at) VALUES ($1, $2, $3)
ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
WHERE job_leases.expires_at <= $4 OR job_leases.holder = EXCLUDED.holder`;

const RELEASE = 'DELETE FROM job_leases WHERE name = $1 AND holder = $2';

export function createJobLeases(pool: pg.Pool, clock: Clock): JobLeases {
  return {
    async tryLease(name, holder, ttlMs) {
      if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) throw new RangeError(`A lease's ttlMs must be a positive integer, not ${ttlMs}.`);
      const now = clock.now();
      const result = await pool.query(TRY_LEASE, [name, holder, now + ttlMs, now]);
      return result.rowCount === 1;
    },
    async release(name, holder) {
      await pool.query(RELEASE, [name, holder]);
    },
  };
}
