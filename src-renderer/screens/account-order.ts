import type { Account } from '../../src-main/ipc/contract';

/** Pinned accounts first, then the user's order. */
export function orderAccounts(accounts: readonly Account[]): Account[] {
  return [...accounts].sort((a, b) => Number(b.pinned) - Number(a.pinned) || a.sortOrder - b.sortOrder);
}

/** Case-insensitive match on issuer or label, within a group ('' = every group). */
export function filterAccounts(accounts: readonly Account[], query: string, group: string): Account[] {
  const needle = query.trim().toLowerCase();
  return accounts.filter(
    (account) =>
      (group === '' || account.group === group) &&
      (needle === '' || account.issuer.toLowerCase().includes(needle) || account.label.toLowerCase().includes(needle)),
  );
}

export function groupsOf(accounts: readonly Account[]): string[] {
  return [...new Set(accounts.flatMap((account) => (account.group ? [account.group] : [])))].sort();
}

/**
 * The full order after moving `id` one place past its visible neighbour: with a filter on, "down"
 * means below the next account the user can see, not below a hidden one.
 */
export function moveAccount(ordered: readonly Account[], visible: readonly Account[], id: string, step: -1 | 1): string[] {
  const ids = ordered.map((account) => account.id);
  const visibleIndex = visible.findIndex((account) => account.id === id);
  const neighbour = visible[visibleIndex + step];
  if (visibleIndex < 0 || neighbour === undefined) return ids;
  const from = ids.indexOf(id);
  const to = ids.indexOf(neighbour.id);
  ids.splice(from, 1);
  ids.splice(to, 0, id);
  return ids;
}
