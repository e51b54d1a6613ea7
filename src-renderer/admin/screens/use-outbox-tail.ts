import { useEffect, useRef } from 'react';
import type { OutboxPage, UserError } from '../../../src-main/ipc/contract';
import { BRIDGE_FAILED } from './admin-outcome';

export const OUTBOX_INTERVAL_MS = 2_000;
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

  useEffect(() => {
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let newest: string | null = null;
    let loaded = false;

    async function tick() {
      let wait = OUTBOX_INTERVAL_MS;
      const request = newest === null ? { from: null, take: FIRST_TAKE } : { from: newest, take: FOLLOW_TAKE };
      const outcome = await window.tessera.adminOutbox(request).catch(() => ({ ok: false as const, error: BRIDGE_FAILED }));
      if (!active) return;
      if (!outcome.ok) current.current.onError(outcome.error);
      else if (!outcome.value.available) return current.current.onUnavailable(outcome.value.reason);
      else {
        current.current.onError(null);
        // With no message seen yet the answer is newest first; after one, oldest first.
        const messages = newest === null ? outcome.value.messages : [...outcome.value.messages].reverse();
        if (messages.length > 0 || !loaded) current.current.onMessages(messages, !loaded);
        loaded = true;
        newest = messages[0]?.id ?? newest;
        if (request.from !== null && outcome.value.messages.length === FOLLOW_TAKE) wait = 0;
      }
      if (active) timer = setTimeout(() => void tick(), wait);
    }

    void tick();
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, []);
}
