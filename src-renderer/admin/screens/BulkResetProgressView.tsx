import type { BulkResetProgress } from '../../../src-main/ipc/contract';
import { authenticators, people } from './bulk-selection';
import { BulkResetEntries } from './BulkResetEntries';

const STATUS_TEXT: Record<BulkResetProgress['status'], string> = {
  pending: 'Waiting to start…',
  processing: 'Resetting…',
  completed: 'Done',
  failed: 'Failed',
};

/** The running job's progress bar, then its results. */
export function BulkResetProgressView({ progress }: { progress: BulkResetProgress }) {
  const done = progress.status === 'completed';
  return (
    <div className="card" aria-labelledby="bulk-progress-title">
      <h3 id="bulk-progress-title">
        Bulk reset: <span className="bulk-status">{STATUS_TEXT[progress.status]}</span>
      </h3>
      <progress className="admin-progress" max={Math.max(progress.total, 1)} value={progress.processed} aria-label="Bulk reset progress" />
      <p aria-live="polite">
        {progress.processed} of {people(progress.total)} processed; {authenticators(progress.authenticatorsRemoved)} removed.
      </p>
      {progress.status === 'failed' && (
        <p className="error" role="alert">
          The job stopped before the end: preview again to see who still has authenticators, then reset them again.
        </p>
      )}
      {done && (
        <>
          <p className="notice" role="status">
            Reset {people(progress.entries.length)}; removed {authenticators(progress.authenticatorsRemoved)}. Each reset is in the audit log.
          </p>
          <BulkResetEntries entries={progress.entries} caption="Bulk reset results" />
        </>
      )}
    </div>
  );
}
