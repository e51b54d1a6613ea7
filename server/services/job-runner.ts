import type { FastifyBaseLogger } from 'fastify';
import type { Tessera } from '../context.js';
import type { JobRow } from '../store/jobs.js';
import { resetStep } from './mfa-reset-job.js';
import { createImportStep, failImportJob } from './users-import-job.js';
import { exportStep } from './users-export-job.js';

export interface JobRunner {
  kick(): void;
  stop(): void;
}

/**
 * Runs unfinished jobs in the background, oldest first, one step per tick (a batch of a reset or an
 * import, a whole export), resuming from each job's stored cursor, so a restart finishes what it
 * started. A step that throws ends its job `failed` (and is logged) instead of retrying forever.
 */
export function createJobRunner(t: Tessera, log: FastifyBaseLogger): JobRunner {
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
  const step = async () => {
    const job = (await t.store.jobs.unfinished())[0];
    if (!job) return false;
    try {
      const run = steps[job.type];
      if (!run) throw new Error(`no runner for job type ${job.type}`);
      await run(job);
    } catch (error) {
      log.error({ err: error, job_id: job.id, job_type: job.type }, 'job failed');
      await fail(job);
    }
    return true;
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
  return {
    kick() {
      if (!stopped && !timer) timer = setImmediate(tick);
    },
    stop() {
      stopped = true;
      if (timer) clearImmediate(timer);
    },
  };
}
