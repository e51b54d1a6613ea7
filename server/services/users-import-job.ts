import { randomString } from '../crypto/random.js';
import { transaction, type Tessera } from '../context.js';
import type { ImportCounts, JobRow } from '../store/jobs.js';
import { importBatch } from './import-batch.js';
import { planRow } from './import-row.js';
import { redactedRow } from './import-row-view.js';

/** Rows per transaction (and per tick of the job runner): large enough to amortise the commit, small enough to keep the event loop responsive. */
export const IMPORT_BATCH_SIZE = 1000;

export interface ImportParams {
  connection_id: string;
  connection: string;
  upsert: boolean;
  external_id?: string;
  send_completion_email: boolean;
  initiator: string | null;
}

const fileAad = (jobId: string) => `job-file:${jobId}`;

/** Accepts a parsed users file as a pending job; the file is kept sealed (it holds hashes and seeds) until the job ends. */
export async function createImportJob(t: Tessera, params: ImportParams, text: string, count: number): Promise<JobRow> {
  const now = t.clock.now();
  const id = `job_${randomString(t.random, 16)}`;
  const row: JobRow = { id, type: 'users_import', status: 'pending', params, total: count, processed: 0, results: [], created_at: now, completed_at: null };
  await transaction(t, async (t) => {
    await t.store.jobs.insert(row);
    await t.store.jobs.putFile(id, 'import', Buffer.from(t.secrets.encrypt(text, fileAad(id))));
    await t.audit.record({ type: 'sapi', clientId: params.initiator, description: 'Import users job created', details: { job_id: id, users: count, upsert: params.upsert } });
  });
  // An empty file has nothing to do: Auth0 reports such a job completed with a zero summary.
  if (count === 0) {
    await transaction(t, async (t) => {
      await t.store.jobs.advanceImport(id, 0, { inserted: 0, updated: 0, failed: 0 }, now);
      await t.store.jobs.removeFile(id, 'import');
    });
  }
  return (await t.store.jobs.find(id)) ?? row;
}

/**
 * The runner's step for import jobs: one batch of rows per call, in one transaction with the job's
 * cursor and counts (importBatch: a refused row writes nothing; an error fails the whole batch). The
 * parsed file is cached between batches; after a restart it is read back from its sealed copy.
 */
export function createImportStep(t: Tessera): (job: JobRow) => Promise<void> {
  const cache = new Map<string, unknown[]>();
  const rowsOf = async (job: JobRow): Promise<unknown[]> => {
    let rows = cache.get(job.id);
    if (!rows) {
      const sealed = await t.store.jobs.file(job.id, 'import');
      if (!sealed) throw new Error(`import job ${job.id} has lost its file`);
      rows = JSON.parse(t.secrets.decrypt(sealed.toString(), fileAad(job.id))) as unknown[];
      cache.clear();
      cache.set(job.id, rows);
    }
    return rows;
  };
  return async (job) => {
    const params = job.params as ImportParams;
    const rows = await rowsOf(job);
    const end = Math.min(job.processed + IMPORT_BATCH_SIZE, job.total);
    const now = t.clock.now();
    const counts: ImportCounts = { inserted: 0, updated: 0, failed: 0 };
    const errors: string[] = [];
    await transaction(t, async (t) => {
      const batch = rows.slice(job.processed, end);
      const outcomes = await importBatch(t, batch.map(planRow), params.upsert, now);
      for (const [offset, outcome] of outcomes.entries()) {
        if (Array.isArray(outcome)) {
          counts.failed++;
          errors.push(JSON.stringify({ user: redactedRow(batch[offset]), errors: outcome }));
        } else counts[outcome]++;
      }
      await t.store.jobs.addErrors(job.id, errors);
      await t.store.jobs.advanceImport(job.id, end, counts, now);
      if (end >= job.total) await t.store.jobs.removeFile(job.id, 'import');
    });
    if (end >= job.total) cache.delete(job.id);
  };
}

/** A job that cannot go on (its file unreadable, say) ends failed, its file removed. */
export async function failImportJob(t: Tessera, job: JobRow): Promise<void> {
  await transaction(t, async (t) => {
    await t.store.jobs.finish(job.id, 'failed', t.clock.now());
    await t.store.jobs.removeFile(job.id, 'import');
  });
}

export function importJobView(row: JobRow): Record<string, unknown> {
  const params = row.params as ImportParams;
  return {
    type: 'users_import',
    status: row.status,
    connection_id: params.connection_id,
    connection: params.connection,
    upsert: params.upsert,
    ...(params.external_id !== undefined ? { external_id: params.external_id } : {}),
    send_completion_email: params.send_completion_email,
    created_at: new Date(row.created_at).toISOString(),
    id: row.id,
    summary: { failed: row.failed ?? 0, updated: row.updated ?? 0, inserted: row.inserted ?? 0, total: row.total },
  };
}
