import type { ChangeListener, ChangeTopic } from '../ipc/contract';

export interface ChangeEmitter {
  /** Reports that something under `topic` changed; the same topic reported again within one turn is sent once. */
  emit(topic: ChangeTopic): void;
  subscribe(listener: ChangeListener): () => void;
}

/**
 * Change notifications for the page (through index.ts's webContents.send) and the test bridge. Only
 * topics travel: listeners ask again through the channels, which apply the lock and every other rule.
 */
export function createChangeEmitter(): ChangeEmitter {
  const listeners = new Set<ChangeListener>();
  const queued = new Set<ChangeTopic>();

  function flush(): void {
    const topics = [...queued];
    queued.clear();
    for (const topic of topics) {
      for (const listener of [...listeners]) {
        try {
          listener(topic);
        } catch (error) {
          console.error(`[changes] a listener failed on "${topic}"`, error);
        }
      }
    }
  }

  return {
    emit(topic) {
      // Several reports within one turn (a handler that changes two things) cost the page one refetch.
      if (queued.size === 0) queueMicrotask(flush);
      queued.add(topic);
    },
    subscribe(listener) {
      const entry: ChangeListener = (topic) => listener(topic);
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },
  };
}
