import { useEffect, useRef } from 'react';
import { runBatchTail, type BatchTail } from './batch-tail';

/**
 * runBatchTail while `enabled`: `start` makes a fresh session's tail each time polling (re)starts. A tail
 * lives across renders, so its handlers should read the caller's latest props through a ref.
 */
export function useBatchTail<T>(enabled: boolean, start: () => BatchTail<T>): void {
  const latest = useRef(start);
  latest.current = start;
  useEffect(() => (enabled ? runBatchTail(latest.current()) : undefined), [enabled]);
}
