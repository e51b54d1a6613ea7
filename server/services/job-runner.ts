import type { FastifyBaseLogger } from 'fastify';
import type { Tessera } from '../context.js';
import type { JobRow } from '../store/jobs.js';
import type { JobLeases } from '../store/postgres/lease.js';
import { resetStep } from './mfa-reset-job.js';
import { createImportStep, failImportJob } from './users-import-job.js';
import { exportStep } from './users-export-job.js';

export interface JobRunner {
  kick(): void;
  stop(): void;
}

/**
 * Instances sharing one database (PostgreSQL) coordinate through leases: a step runs only while its
 * instance holds the job's lease, so two never work on one job at once, and each polls for jobs it did
 * not start (created on another instance, or left by one that died: its lease expires).
 */
export interface JobCoordination {
  leases: JobLeases;
  /** This instance's name in the lease table. */
  holder: string;
  /** Longer than any one step (a batch of a reset or an import, a whole export) can take. */
  leaseMs?: number;
  pollMs?: number;
}

/** A step is a batch of users or one export: seconds. A crashed holder's job waits this long at most. */
export const JOB_LEASE_MS = 10 * 60_000;
export const JOB_POLL_MS = 30_000;

/**
 * Runs unfinished jobs in the background, oldest first, one step per tick (a batch of a reset or an
 * import, a whole export), resuming from each job's stored cursor, so a restart finishes what it
 * started. A step that throws ends its job `failed` (and is logged) instead of retrying forever.
 */
export function createJobRunner(t: Tessera, log: FastifyBaseLogger, coordination?: JobCoordination): JobRunner {
  const importStep = createImportStep(t);
  const steps: Record<string, (job: JobRow) => Promise<void>> = {
    mfa_reset: (job) => resetStep(t, job),
    users_import: importStep,
    users_export: (job) => exportStep(t, job),
  };
  let timer: NodeJS.Immediate | undefined;
  let stopped = false;
  const fail = (job: JobRow) => (job.type === 'users_import' ? failImportJob(t, job) : t.store.jobs.finish(job.id, 'failed', t.clock.now()));
  // `timer` stays set while a step runs, so a kick meanwhile does not start a second one.
  const runStep = async (job: JobRow) => {
    try {
      const run = steps[job.type];
      if (!run) throw new Error(`no runner for job type ${job.type}`);
      await run(job);
    } catch (error) {
      log.error({ err: error, job_id: job.id, job_type: job.type }, 'job failed');
      await fail(job);
    }
  };
  const step = async () => {
    const unfinished = await t.store.jobs.unfinished();
    if (!coordination) {
      if (!unfinished[0]) return false;
      await runStep(unfinished[0]);
      return true;
    }
    const { leases, holder, leaseMs = JOB_LEASE_MS } = coordination;
    for (const listed of unfinished) {
      const name = `job:${listed.id}`;
      if (!(await leases.tryLease(name, holder, leaseMs))) continue;
      try {
        // Read again under the lease: another instance may have run a step since the list was read.
        const job = (await t.store.jobs.unfinished()).find((candidate) => candidate.id === listed.id);
        if (job) await runStep(job);
      } finally {
        // Held for one step only, so the job's steps can go to whichever instance asks next.
        await leases.release(name, holder);
      }
      return true;
    }
    return false;
  };
  const tick = () => {
    if (stopped) return;
    void step()
      .catch((error: unknown) => {
        log.error({ err: error }, 'job runner failed');
        return false;
      })
      .then((more) => {
        timer = more && !stopped ? setImmediate(tick) : undefined;
      });
  };
  const kick = () => {
    if (!stopped && !timer) timer = setImmediate(tick);
  };
  const poll = coordination ? setInterval(kick, coordination.pollMs ?? JOB_POLL_MS) : undefined;
  poll?.unref();
  return {
    kick,
    stop() {
      stopped = true;
      if (timer) clearImmediate(timer);
      if (poll) clearInterval(poll);
    },
  };
}
