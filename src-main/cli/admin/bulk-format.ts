import type { BulkResetEntry, BulkResetPreview, BulkResetProgress } from '../../desktop/admin/types';
import { formatTable, plural } from './table';

const BAR_WIDTH = 30;

const removals = (entry: BulkResetEntry) => (entry.authenticators.length === 0 ? 'nothing' : entry.authenticators.map((a) => `${a.kind} ${a.id}`).join(', '));

function entriesTable(entries: BulkResetEntry[], heading: string): string {
  return formatTable(['EMAIL', 'USER ID', heading], entries.map((entry) => [entry.email, entry.userId, removals(entry)]));
}

/** The dry run: each person and exactly what would go. */
export function formatPreview(preview: BulkResetPreview): string {
  if (preview.entries.length === 0) return 'No users match: nothing would be removed.';
  const total = `Would remove ${plural(preview.authenticators, 'authenticator')} from ${plural(preview.entries.length, 'user')}. Nothing was changed (dry run).`;
  return `${entriesTable(preview.entries, 'WOULD REMOVE')}\n\n${total}`;
}

export function formatResults(progress: BulkResetProgress): string {
  const summary = `Bulk reset ${progress.jobId} ${progress.status}: ${plural(progress.authenticatorsRemoved, 'authenticator')} removed from ${progress.processed} of ${plural(progress.total, 'user')}.`;
  return progress.entries.length === 0 ? summary : `${entriesTable(progress.entries, 'REMOVED')}\n\n${summary}`;
}

/** One terminal line, redrawn in place: `[#######·······]  3/10 users`. */
export function progressBar(progress: BulkResetProgress): string {
  const done = progress.total === 0 ? BAR_WIDTH : Math.round((progress.processed / progress.total) * BAR_WIDTH);
  return `[${'#'.repeat(done)}${'.'.repeat(BAR_WIDTH - done)}] ${progress.processed}/${plural(progress.total, 'user')} ${progress.status}`;
}

export const progressLine = (progress: BulkResetProgress) => `progress: ${progress.processed}/${plural(progress.total, 'user')} ${progress.status}`;
