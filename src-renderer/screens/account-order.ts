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

export const SortOrder = { custom: 'custom', name: 'name', issuer: 'issuer', used: 'used' } as const;
export type SortOrder = (typeof SortOrder)[keyof typeof SortOrder];

export function isSortOrder(value: unknown): value is SortOrder {
  return typeof value === 'string' && (Object.values(SortOrder) as string[]).includes(value);
}

const byText = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true });

/** Pinned accounts stay first in every order; within each part the chosen order, then the user's own. */
export function sortAccounts(accounts: readonly Account[], sort: SortOrder): Account[] {
  const ordered = orderAccounts(accounts);
  if (sort === SortOrder.custom) return ordered;
  const compare: Record<Exclude<SortOrder, 'custom'>, (a: Account, b: Account) => number> = {
    name: (a, b) => byText(a.label, b.label) || byText(a.issuer, b.issuer),
    issuer: (a, b) => byText(a.issuer || a.label, b.issuer || b.label) || byText(a.label, b.label),
    used: (a, b) => (b.useCount ?? 0) - (a.useCount ?? 0),
  };
  // Array.prototype.sort is stable: ties keep the custom order.
  return ordered.sort((a, b) => Number(b.pinned) - Number(a.pinned) || compare[sort](a, b));
}

/** The full order after dropping `dragged` just before (or after) `target`. */
export function dropAccount(ordered: readonly Account[], dragged: string, target: string, after: boolean): string[] {
  const ids = ordered.map((account) => account.id).filter((id) => id !== dragged);
  const at = ids.indexOf(target);
  if (at < 0 || dragged === target) return ordered.map((account) => account.id);
  ids.splice(after ? at + 1 : at, 0, dragged);
  return ids;
}
