import { searchTerm } from './user-search';
import { AdminError, AdminErrorKind, type BulkSelection } from './types';

const MAX_USERS = 10_000;

export type ResolvedSelection = { user_ids: string[] } | { q: string };

/** The selection as the job route's body: ids as given (deduplicated), or the Users search box's query. */
export function selectionBody(selection: BulkSelection): ResolvedSelection {
  if ('userIds' in selection && Array.isArray(selection.userIds)) {
    const ids = [...new Set(selection.userIds.filter((id): id is string => typeof id === 'string' && id.trim() !== '').map((id) => id.trim()))];
    if (ids.length === 0) throw new AdminError(AdminErrorKind.invalidInput, 'Select at least one person');
    if (ids.length > MAX_USERS) throw new AdminError(AdminErrorKind.invalidInput, `Reset at most ${MAX_USERS} people at once`);
    return { user_ids: ids };
  }
  const q = 'query' in selection && typeof selection.query === 'string' ? searchTerm(selection.query) : null;
  if (!q) throw new AdminError(AdminErrorKind.invalidInput, 'Enter a search, such as email:*@example.com (or *:* for everyone)');
  return { q };
}
