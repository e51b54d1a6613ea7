import type { JobLeases } from '../store/postgres/lease.js';

/**
 * How instances sharing one database take turns at background work (a log stream's batch, a housekeeping
 * pass): each holds a named lease while it works. A single SQLite process passes none and works alone.
 */
export interface LeaseCoordination {
  leases: JobLeases;
  /** This instance's name in the lease table. */
  holder: string;
}

/**
 * Runs `work` while holding lease `name` for at most `ttlMs`, then gives it up; 'busy' (and `work` does
 * not run) while another instance holds it. Without coordination `work` always runs.
 */
export async function underLease<T>(coordination: LeaseCoordination | undefined, name: string, ttlMs: number, work: () => Promise<T>): Promise<T | 'busy'> {
  if (!coordination) return work();
  const { leases, holder } = coordination;
  if (!(await leases.tryLease(name, holder, ttlMs))) return 'busy';
  try {
    return await work();
  } finally {
    await leases.release(name, holder);
  }
}
