import { kindOf, recoveryCodeLast } from './authenticator-view';
import type { ResolvedSelection } from './bulk-selection';
import type { ManagementSession } from './management-session';
import { sdkFetch } from './passthrough';
import type { BulkResetEntry, BulkResetProgress } from './types';

interface JobWire {
  id: string;
  status: 'pending' | 'processing' | 'completed' | 'failed';
  summary?: { total?: number; processed?: number; authenticators_removed?: number };
  results?: { user_id: string; email: string | null; authenticators: { id: string; type: string }[] }[];
}

export function entriesOf(job: JobWire): BulkResetEntry[] {
  return (job.results ?? []).map((r) => ({ userId: r.user_id, email: r.email, authenticators: recoveryCodeLast(r.authenticators.map((a) => ({ id: a.id, kind: kindOf(a.type) }))) }));
}

export function progressOf(job: JobWire): BulkResetProgress {
  return {
    jobId: job.id,
    status: job.status,
    total: job.summary?.total ?? 0,
    processed: job.summary?.processed ?? 0,
    authenticatorsRemoved: job.summary?.authenticators_removed ?? 0,
    entries: job.status === 'completed' ? entriesOf(job) : [],
  };
}

/**
 * Tessera's bulk reset job (`POST /api/v2/jobs/mfa-reset`, progress from `GET /api/v2/jobs/{id}`). The SDK
 * has typed job methods only for Auth0's own jobs, so both go through its passthrough (passthrough.ts).
 */
export async function postResetJob(session: ManagementSession, selection: ResolvedSelection, dryRun: boolean): Promise<JobWire> {
  return (await sdkFetch(session, 'jobs/mfa-reset', { method: 'POST', body: { ...selection, dry_run: dryRun } })) as JobWire;
}

export async function getJob(session: ManagementSession, jobId: string): Promise<JobWire> {
  return (await sdkFetch(session, `jobs/${encodeURIComponent(jobId)}`)) as JobWire;
}
