import { useRef } from 'react';
import type { OutboxPage, UserError } from '../../../src-main/ipc/contract';
import { useBatchTail } from './use-batch-tail';

/** Shown at first: the newest few. */
const FIRST_TAKE = 50;
/** Per follow call; a full batch means more are waiting, so the next call goes at once. */
const FOLLOW_TAKE = 100;

export interface OutboxTailHandlers {
  /** The server keeps no outbox: why, in words for the admin. Polling stops. */
  onUnavailable(reason: string): void;
  /** Messages to show above those already shown, newest first. */
  onMessages(messages: Extract<OutboxPage, { available: true }>['messages'], first: boolean): void;
  onError(error: UserError | null): void;
}

/**
 * Reads the newest messages of the developer outbox, then every 2 s those kept after the newest seen
 * (the server's `from`/`take`), handing each batch over newest first. A failed call is reported and
 * retried next tick.
 */
export function useOutboxTail(handlers: OutboxTailHandlers): void {
  const current = useRef(handlers);
  current.current = handlers;

  useBatchTail(true, () => {
    let newest: string | null = null;
    let loaded = false;
    return {
      call: () => window.tessera.adminOutbox(newest === null ? { from: null, take: FIRST_TAKE } : { from: newest, take: FOLLOW_TAKE }),
      take(page) {
        if (!page.available) {
          current.current.onUnavailable(page.reason);
          return 'stop';
        }
        const following = newest !== null;
        // With no message seen yet the answer is newest first; after one, oldest first.
        const messages = following ? [...page.messages].reverse() : page.messages;
        if (messages.length > 0 || !loaded) current.current.onMessages(messages, !loaded);
        loaded = true;
        newest = messages[0]?.id ?? newest;
        return following && page.messages.length === FOLLOW_TAKE ? 'full' : 'caught-up';
      },
      onError: (error) => current.current.onError(error),
    };
  });
}
