import { useCallback, useEffect, useRef, useState } from 'react';

export interface Polled<T> {
  value: T | undefined;
  /** Set when the last call rejected (the bridge itself failed, not an IpcOutcome error). */
  failed: boolean;
  refresh(): Promise<void>;
}

/**
 * Calls `load` now and then every `intervalMs` (one call at a time: the next waits for the answer).
 * `load` may change between renders; the latest one is used.
 */
export function usePoll<T>(load: () => Promise<T>, intervalMs: number): Polled<T> {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const loadRef = useRef(load);
  loadRef.current = load;
  const activeRef = useRef(true);

  const refresh = useCallback(async function refreshPoll() {
    try {
      const next = await loadRef.current();
      if (activeRef.current) {
        setValue(next);
        setFailed(false);
      }
    } catch {
      if (activeRef.current) setFailed(true);
    }
  }, []);

  useEffect(() => {
    activeRef.current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function tick() {
      await refresh();
      if (activeRef.current) timer = setTimeout(tick, intervalMs);
    }
    void tick();
    return () => {
      activeRef.current = false;
      clearTimeout(timer);
    };
  }, [intervalMs, refresh]);

  return { value, failed, refresh };
}
