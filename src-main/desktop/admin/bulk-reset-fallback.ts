import type { ManagementClient } from 'auth0';
import { isMfaMethod, kindOf, recoveryCodeLast } from './authenticator-view';
import type { ResolvedSelection } from './bulk-selection';
import { methodsOf } from './users';
import type { BulkResetEntry, BulkResetProgress } from './types';

const PAGE = 100;
/** Auth0's user search returns at most 1,000 results (10 pages of 100). */
const MAX_SEARCH_PAGES = 10;

async function usersOf(client: ManagementClient, selection: ResolvedSelection): Promise<{ userId: string; email: string | null }[]> {
  if ('user_ids' in selection) {
    const users = [];
    for (const id of selection.user_ids) {
      const user = await client.users.get(id);
      users.push({ userId: user.user_id ?? id, email: user.email ?? null });
    }
    return users;
  }
  const found = [];
  for (let page = 0; page < MAX_SEARCH_PAGES; page++) {
    const result = await client.users.list({ q: selection.q, page, per_page: PAGE, search_engine: 'v3' });
    found.push(...result.data.map((u) => ({ userId: u.user_id ?? '', email: u.email ?? null })));
    if (result.data.length < PAGE) break;
  }
  return found;
}

/** For an Auth0 tenant (it has no reset job): what each selected person has, read one by one. */
export async function planFallback(client: ManagementClient, selection: ResolvedSelection): Promise<BulkResetEntry[]> {
  const entries: BulkResetEntry[] = [];
  for (const user of await usersOf(client, selection)) {
    const methods = await methodsOf(client, user.userId);
    const authenticators = recoveryCodeLast(methods.filter(isMfaMethod).map((m) => ({ id: m.id, kind: kindOf(m.type, m.preferred_authentication_method) })));
    entries.push({ ...user, authenticators });
  }
  return entries;
}

/**
 * Runs the reset person by person (`DELETE /users/{id}/authenticators`, which Auth0 audits as an API
 * operation), publishing progress as it goes: the job lives in this process only.
 */
export async function runFallback(client: ManagementClient, entries: BulkResetEntry[], progress: BulkResetProgress): Promise<void> {
  progress.status = 'processing';
  try {
    for (const entry of entries) {
      await client.users.authenticators.deleteAll(entry.userId);
      progress.processed += 1;
      progress.authenticatorsRemoved += entry.authenticators.length;
    }
    progress.entries = entries;
    progress.status = 'completed';
  } catch (error) {
    console.error('[admin] bulk reset stopped', error instanceof Error ? error.message : error);
    progress.status = 'failed';
  }
}
