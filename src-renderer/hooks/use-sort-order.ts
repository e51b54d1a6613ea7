import { useCallback, useState } from 'react';
import { isSortOrder, SortOrder } from '../screens/account-order';

/** A display preference of this window only (no secret, nothing main needs), so the page keeps it itself. */
const STORAGE_KEY = 'tessera.accounts.sort';

function stored(): SortOrder {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isSortOrder(value) ? value : SortOrder.custom;
  } catch {
    // Storage refused (a locked-down profile): the default order still works.
    return SortOrder.custom;
  }
}

export function useSortOrder(): [SortOrder, (next: SortOrder) => void] {
  const [sort, setSort] = useState<SortOrder>(stored);
  const choose = useCallback((next: SortOrder) => {
    setSort(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Kept for this session only.
    }
  }, []);
  return [sort, choose];
}
