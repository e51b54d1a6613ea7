import { useEffect, useRef } from 'react';
import type { LogEventView, UserError } from '../../../src-main/ipc/contract';
import { BRIDGE_FAILED } from './admin-outcome';

export const TAIL_INTERVAL_MS = 2_000;
/** Events per checkpoint call; a full batch means more are waiting, so the next call goes at once. */
const TAIL_TAKE = 100;

/**
 * While `enabled`: reads the log after a checkpoint every 2 s (Auth0's `from`/`take` paging) and hands
 * each new batch, oldest first, to `onEvents`. The first checkpoint is the newest event now, so only
 * events written after Live was switched on arrive. A failed call is reported and retried next tick.
 */
export function useLogTail(enabled: boolean, onEvents: (events: LogEventView[]) => void, onError: (error: UserError | null) => void): void {
  const handlers = useRef({ onEvents, onError });
  handlers.current = { onEvents, onError };

  useEffect(() => {
    if (!enabled) return;
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let checkpoint: string | null | undefined;

    async function newestLogId(): Promise<string | null | undefined> {
      const outcome = await window.tessera.adminLogs({ types: [], page: 0, perPage: 1 }).catch(() => ({ ok: false as const, error: BRIDGE_FAILED }));
      if (!outcome.ok) {
        handlers.current.onError(outcome.error);
        return undefined;
      }
      return outcome.value.events[0]?.logId ?? null;
    }

    async function tick() {
      let wait = TAIL_INTERVAL_MS;
      if (checkpoint === undefined) checkpoint = await newestLogId();
      else {
        const outcome = await window.tessera.adminTailLogs({ from: checkpoint, take: TAIL_TAKE }).catch(() => ({ ok: false as const, error: BRIDGE_FAILED }));
        if (!active) return;
        if (outcome.ok) {
          handlers.current.onError(null);
          checkpoint = outcome.value.checkpoint ?? checkpoint;
          if (outcome.value.events.length > 0) handlers.current.onEvents(outcome.value.events);
          if (outcome.value.events.length === TAIL_TAKE) wait = 0;
        } else handlers.current.onError(outcome.error);
      }
      if (active) timer = setTimeout(() => void tick(), checkpoint === undefined ? TAIL_INTERVAL_MS : wait);
    }

    void tick();
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [enabled]);
}
