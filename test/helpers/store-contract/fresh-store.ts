import { afterEach, beforeEach } from 'vitest';
import type { Store } from '../../../server/store/index.js';

/** A fresh, migrated store of one engine (empty but for what its migrations insert), and how to remove it. */
export type OpenEmptyStore = () => Promise<{ store: Store; dispose(): Promise<void> }>;

/** Opens a fresh store before each test of the enclosing `describe` and disposes of it after; read it with the getter. */
export function useFreshStore(open: OpenEmptyStore): () => Store {
  let opened: Awaited<ReturnType<OpenEmptyStore>> | undefined;
  beforeEach(async () => {
    opened = await open();
  });
  afterEach(async () => {
    await opened?.dispose();
    opened = undefined;
  });
  return () => {
    if (!opened) throw new Error('no store is open outside a test');
    return opened.store;
  };
}
