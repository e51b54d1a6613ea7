import { useRef } from 'react';
import type { LogEventView, UserError } from '../../../src-main/ipc/contract';
import { useBatchTail } from './use-batch-tail';

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

  useBatchTail(enabled, () => {
    let checkpoint: string | null | undefined;
    return {
      async call() {
        if (checkpoint !== undefined) return window.tessera.adminTailLogs({ from: checkpoint, take: TAIL_TAKE });
        const newest = await window.tessera.adminLogs({ types: [], page: 0, perPage: 1 });
        return newest.ok ? { ok: true, value: { checkpoint: newest.value.events[0]?.logId ?? null, events: [] } } : newest;
      },
      take({ checkpoint: next, events }) {
        // The first answer sets the checkpoint even when the log is empty (null: from the start).
        checkpoint = checkpoint === undefined ? next : (next ?? checkpoint);
        if (events.length > 0) handlers.current.onEvents(events);
        return events.length === TAIL_TAKE ? 'full' : 'caught-up';
      },
      onError: (error) => handlers.current.onError(error),
    };
  });
}
