import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChangeTopic } from '../../src-main/ipc/contract';

export interface Live<T> {
  value: T | undefined;
  /** Set when the last call rejected (the bridge itself failed, not an IpcOutcome error). */
  failed: boolean;
  refresh(): Promise<void>;
}

/**
 * Calls `load` now and again each time main reports a change under one of `topics` (no polling).
 * Only the latest call's answer is kept, so a slow answer cannot overwrite a newer one. `load` may
 * change between renders; the latest one is used.
 */
export function useLive<T>(load: () => Promise<T>, topics: readonly ChangeTopic[]): Live<T> {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const loadRef = useRef(load);
  loadRef.current = load;
  const latestCall = useRef(0);
  const activeRef = useRef(true);

  const refresh = useCallback(async function refreshLive() {
    const call = ++latestCall.current;
    const current = () => activeRef.current && call === latestCall.current;
    try {
      const next = await loadRef.current();
      if (current()) {
        setValue(next);
        setFailed(false);
      }
    } catch {
      if (current()) setFailed(true);
    }
  }, []);

  // Topics as one string, so a new array literal each render does not resubscribe.
  const topicKey = topics.join(' ');
  useEffect(() => {
    activeRef.current = true;
    const watched = topicKey.split(' ');
    const unsubscribe = window.tessera.onChange((topic) => {
      if (watched.includes(topic)) void refresh();
    });
    void refresh();
    return () => {
      activeRef.current = false;
      unsubscribe();
    };
  }, [topicKey, refresh]);

  return { value, failed, refresh };
}
