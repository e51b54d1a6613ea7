import { randomString } from '../crypto/random.js';
import { transaction, type Tessera } from '../context.js';
import { countMfaResets } from './alerts.js';
import type { JobRow } from '../store/jobs.js';

/** Users processed per tick, so a large reset never blocks the event loop for long. */
export const RESET_BATCH_SIZE = 50;

export interface ResetResult {
  user_id: string;
  email: string | null;
  authenticators: { id: string; type: string }[];
}

export interface ResetParams {
  user_ids: string[];
  dry_run: boolean;
  initiator: string | null;
}

/** What resetting this user removes now; the same function serves dry and real runs so they agree. */
async function planFor(t: Tessera, userId: string): Promise<ResetResult> {
  const user = await t.store.users.find(userId);
  return {
    user_id: userId,
    email: user?.email ?? null,
    authenticators: (await t.store.authenticators.forUser(userId)).map((row) => ({ id: row.id, type: row.kind })),
  };
}

async function resetUser(t: Tessera, userId: string, jobId: string, initiator: string | null): Promise<ResetResult> {
  return await transaction(t, async (t) => {
    const plan = await planFor(t, userId);
    await t.store.authenticators.removeAllForUser(userId);
    if (plan.email !== null) {
      await t.audit.record({ type: 'sapi', userId, clientId: initiator, description: 'Delete all authenticators (bulk MFA reset)', details: { job_id: jobId, authenticators: plan.authenticators } });
    }
    return plan;
  });
}

export async function createResetJob(t: Tessera, params: ResetParams): Promise<JobRow> {
  const now = t.clock.now();
  const id = `job_${randomString(t.random, 16)}`;
  const dryRun = params.dry_run;
  const row: JobRow = {
    id,
    type: 'mfa_reset',
    status: dryRun ? 'completed' : 'pending',
    params,
    total: params.user_ids.length,
    processed: dryRun ? params.user_ids.length : 0,
    results: dryRun ? await Promise.all(params.user_ids.map((userId) => planFor(t, userId))) : [],
    created_at: now,
    completed_at: dryRun ? now : null,
  };
  await transaction(t, async (t) => {
    await t.store.jobs.insert(row);
    await t.audit.record({ type: 'sapi', clientId: params.initiator, description: dryRun ? 'Bulk MFA reset (dry run)' : 'Bulk MFA reset started', details: { job_id: id, users: params.user_ids.length } });
    // One job is one mass reset of its size, counted when it is accepted rather than user by user.
    if (!dryRun) await countMfaResets(t, params.user_ids, params.initiator, { job_id: id });
  });
  return row;
}

/** The job runner's step for a reset job: one batch of users, resuming from the stored cursor. */
export async function resetStep(t: Tessera, job: JobRow): Promise<void> {
  const params = job.params as ResetParams;
  const batch = params.user_ids.slice(job.processed, job.processed + RESET_BATCH_SIZE);
  const results: ResetResult[] = [];
  // One transaction per user, in order, as before: a crash mid-batch leaves whole users reset.
  for (const userId of batch) results.push(await resetUser(t, userId, job.id, params.initiator));
  await t.store.jobs.progress(job.id, results, job.processed + batch.length, t.clock.now());
}

export function jobView(row: JobRow): Record<string, unknown> {
  const params = row.params as ResetParams;
  const results = row.results as ResetResult[];
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    dry_run: params.dry_run,
    created_at: new Date(row.created_at).toISOString(),
    ...(row.completed_at !== null ? { completed_at: new Date(row.completed_at).toISOString() } : {}),
    summary: {
      total: row.total,
      processed: row.processed,
      authenticators_removed: results.reduce((sum, result) => sum + result.authenticators.length, 0),
    },
    results,
  };
}
