import { useEffect, useRef, useState } from 'react';
import type { BulkResetProgress, UserError } from '../../../src-main/ipc/contract';
import { BRIDGE_FAILED } from './admin-outcome';

/** How often the job is asked about (GET /api/v2/jobs/{id} behind the channel). */
const POLL_MS = 500;

export interface BulkJob {
  progress: BulkResetProgress | null;
  error: UserError | null;
}

function finished(progress: BulkResetProgress): boolean {
  return progress.status === 'completed' || progress.status === 'failed';
}

/** Follows a started bulk reset until it completes or fails; a failed poll is shown and retried. */
export function useBulkJob(started: BulkResetProgress | null): BulkJob {
  const [job, setJob] = useState<BulkJob>({ progress: started, error: null });
  const startedRef = useRef(started);

  useEffect(() => {
    startedRef.current = started;
    setJob({ progress: started, error: null });
    if (started === null || finished(started)) return;
    const jobId = started.jobId;
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function poll() {
      const outcome = await window.tessera.adminBulkResetProgress(jobId).catch(() => ({ ok: false as const, error: BRIDGE_FAILED }));
      if (!active) return;
      if (outcome.ok) setJob({ progress: outcome.value, error: null });
      else setJob((current) => ({ ...current, error: outcome.error }));
      if (!outcome.ok || !finished(outcome.value)) timer = setTimeout(() => void poll(), POLL_MS);
    }
    timer = setTimeout(() => void poll(), POLL_MS);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [started]);

  return job;
}
