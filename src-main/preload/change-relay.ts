import { isChangeTopic, type ChangeListener, type ChangeTopic } from '../ipc/contract';

export interface ChangeRelay {
  /** What arrived on the change channel: forwarded only when it is a known topic. */
  deliver(message: unknown): void;
  onChange(listener: ChangeListener): () => void;
}

/**
 * The page's listeners behind one ipcRenderer listener. Only the topic reaches them: forwarding
 * Electron's event object would hand the page `event.sender`, which is ipcRenderer itself.
 */
export function createChangeRelay(): ChangeRelay {
  const listeners = new Set<ChangeListener>();
  function notify(topic: ChangeTopic): void {
    for (const listener of [...listeners]) {
      try {
        listener(topic);
      } catch (error) {
        // One failing listener must not keep the change from the others.
        console.error('[preload] a change listener failed', error);
      }
    }
  }
  return {
    deliver(message) {
      if (isChangeTopic(message)) notify(message);
    },
    onChange(listener) {
      if (typeof listener !== 'function') throw new TypeError('onChange needs a function');
      // Wrapped, so subscribing the same function twice gives two independent subscriptions.
      const entry: ChangeListener = (topic) => listener(topic);
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
  };
}
