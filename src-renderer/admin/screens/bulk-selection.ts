import type { BulkSelection } from '../../../src-main/ipc/contract';

export const SelectionMode = { users: 'users', query: 'query' } as const;
export type SelectionMode = (typeof SelectionMode)[keyof typeof SelectionMode];

/** User ids as pasted: one per line or separated by commas, blanks and repeats dropped. */
export function parseUserIds(text: string): string[] {
  return [...new Set(text.split(/[\n,]/).map((id) => id.trim()).filter((id) => id !== ''))];
}

/** The selection to preview, or a sentence saying what is missing. */
export function selectionOf(mode: SelectionMode, idsText: string, query: string): BulkSelection | string {
  if (mode === SelectionMode.users) {
    const userIds = parseUserIds(idsText);
    return userIds.length > 0 ? { userIds } : 'Enter at least one user id, one per line or separated by commas.';
  }
  return query.trim() !== '' ? { query: query.trim() } : 'Enter a search, such as email:*@example.com.';
}

/** What the admin types to confirm a reset of `count` people. */
export function confirmPhrase(count: number): string {
  return `reset ${count}`;
}

export function people(count: number): string {
  return `${count} ${count === 1 ? 'person' : 'people'}`;
}

export function authenticators(count: number): string {
  return `${count} authenticator${count === 1 ? '' : 's'}`;
}
