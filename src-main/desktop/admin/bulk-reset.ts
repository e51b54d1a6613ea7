import { isStatus } from './admin-errors';
import { runFallback, planFallback } from './bulk-reset-fallback';
import { getJob, postResetJob, progressOf } from './bulk-reset-job';
import { selectionBody, type ResolvedSelection } from './bulk-selection';
import type { ManagementCall } from './management-call';
import type { ManagementSession } from './management-session';
import { AdminError, AdminErrorKind, type BulkResetPreview, type BulkResetProgress, type BulkSelection } from './types';

const LOCAL_JOB_PREFIX = 'local_';

/** A selection the page or the CLI sent, checked before any request: a bad one rejects, never throws. */
function withSelection<T>(selection: BulkSelection, work: (body: ResolvedSelection) => Promise<T>): Promise<T> {
  let body: ResolvedSelection;
  try {
    body = selectionBody(selection);
  } catch (error) {
    return Promise.reject(error);
  }
  return work(body);
}

/** Bulk MFA reset: Tessera's job where the server has it, else (an Auth0 tenant) person by person from here. */
export function bulkResetOperations(call: ManagementCall) {
  const localJobs = new Map<string, BulkResetProgress>();
  let localCount = 0;

  /** The job route, or null where the server has none (404): the caller falls back. */
  async function tryJob(session: ManagementSession, body: ResolvedSelection, dryRun: boolean) {
    try {
      return await postResetJob(session, body, dryRun);
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }

  return {
    previewBulkReset(selection: BulkSelection): Promise<BulkResetPreview> {
      return withSelection(selection, (body) => call(async (client, session) => {
        const job = await tryJob(session, body, true);
        const entries = job ? progressOf(job).entries : await planFallback(client, body);
        return { entries, authenticators: entries.reduce((sum, e) => sum + e.authenticators.length, 0) };
      }));
    },
    startBulkReset(selection: BulkSelection): Promise<BulkResetProgress> {
      return withSelection(selection, (body) => call(async (client, session) => {
        const job = await tryJob(session, body, false);
        if (job) return progressOf(job);
        const entries = await planFallback(client, body);
        const progress: BulkResetProgress = { jobId: `${LOCAL_JOB_PREFIX}${++localCount}`, status: 'pending', total: entries.length, processed: 0, authenticatorsRemoved: 0, entries: [] };
        localJobs.set(progress.jobId, progress);
        void runFallback(client, entries, progress);
        return { ...progress };
      }));
    },
    bulkResetProgress(jobId: string): Promise<BulkResetProgress> {
      const local = localJobs.get(jobId);
      if (local) return Promise.resolve({ ...local, entries: [...local.entries] });
      if (typeof jobId !== 'string' || !jobId || jobId.startsWith(LOCAL_JOB_PREFIX)) return Promise.reject(new AdminError(AdminErrorKind.notFound, 'No such bulk reset: start it again'));
      return call(async (_client, session) => progressOf(await getJob(session, jobId)));
    },
  };
}
