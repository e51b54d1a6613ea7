import { gzipSync } from 'node:zlib';
import { randomString } from '../crypto/random.js';
import { safeEqual } from '../crypto/secret-box.js';
import { transaction, type Tessera } from '../context.js';
import type { JobRow } from '../store/jobs.js';
import { exportLines, type ExportField } from './export-format.js';
import { userViews } from './users.js';

export type ExportFormat = 'json' | 'csv';

export interface ExportParams {
  connection_id: string;
  connection: string;
  format: ExportFormat;
  limit?: number;
  fields: ExportField[];
  initiator: string | null;
}

/** How long a `location` link works (Tessera's choice; Auth0's links are short-lived pre-signed URLs too). */
export const EXPORT_LINK_TTL_S = 600;
/** Users read per page while building the file. */
const EXPORT_PAGE = 1000;

export async function createExportJob(t: Tessera, params: ExportParams): Promise<JobRow> {
  const now = t.clock.now();
  const id = `job_${randomString(t.random, 16)}`;
  const row: JobRow = { id, type: 'users_export', status: 'pending', params, total: 0, processed: 0, results: [], created_at: now, completed_at: null };
  await transaction(t, async (t) => {
    await t.store.jobs.insert(row);
    await t.audit.record({ type: 'sapi', clientId: params.initiator, description: 'Export users job created', details: { job_id: id, format: params.format } });
  });
  return row;
}

/**
 * Builds the whole file in one step: the Management user view is the only source, so a password hash
 * or a TOTP seed cannot reach the file whatever fields are asked for. Gzipped, as Auth0's files are.
 */
export async function exportStep(t: Tessera, job: JobRow): Promise<void> {
  const params = job.params as ExportParams;
  const max = params.limit ?? Number.POSITIVE_INFINITY;
  const users: Record<string, unknown>[] = [];
  for (let offset = 0; users.length < max; offset += EXPORT_PAGE) {
    const page = (await t.store.users.page(offset, EXPORT_PAGE)).users;
    users.push(...(await userViews(t, page.slice(0, max - users.length))));
    if (page.length < EXPORT_PAGE) break;
  }
  const content = gzipSync(Buffer.from(exportLines(users, params.fields, params.format).join('\n') + (users.length > 0 ? '\n' : '')));
  await transaction(t, async (t) => {
    await t.store.jobs.putFile(job.id, 'export', content);
    await t.store.jobs.finish(job.id, 'completed', t.clock.now());
  });
}

/** The file's whole name is signed (job id and format): a link for `.json.gz` does not open `.csv.gz`. */
const linkToken = (t: Tessera, file: string, expires: number) => t.secrets.digest('export-download', `${file}.${expires}`);

/** A pre-signed link to the file: its name, an expiry (Unix seconds) and a keyed digest of both. */
export function exportLocation(t: Tessera, row: JobRow): string {
  const params = row.params as ExportParams;
  const expires = Math.floor(t.clock.now() / 1000) + EXPORT_LINK_TTL_S;
  const file = `${row.id}.${params.format}.gz`;
  return `${t.config.issuer}api/v2/exports/${file}?expires=${expires}&signature=${linkToken(t, file, expires)}`;
}

/** `file`: the link's file name, `job_….json.gz` or `job_….csv.gz`. */
export function isValidExportLink(t: Tessera, file: string, expires: number, signature: string): boolean {
  const fresh = expires >= Math.floor(t.clock.now() / 1000);
  return safeEqual(signature, linkToken(t, file, expires)) && fresh;
}

export function exportJobView(t: Tessera, row: JobRow): Record<string, unknown> {
  const params = row.params as ExportParams;
  return {
    type: 'users_export',
    status: row.status,
    connection_id: params.connection_id,
    connection: params.connection,
    format: params.format,
    ...(params.limit !== undefined ? { limit: params.limit } : {}),
    fields: params.fields,
    created_at: new Date(row.created_at).toISOString(),
    id: row.id,
    ...(row.status === 'completed' ? { location: exportLocation(t, row) } : {}),
  };
}
