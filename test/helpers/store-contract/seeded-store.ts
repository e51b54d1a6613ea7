import type { Store } from '../../../server/store/index.js';

/** A fresh store and how to close it and remove what it made. */
export interface OpenedStore {
  store: Store;
  dispose(): Promise<void>;
}

/**
 * What each engine's test file passes the repository contracts: a fresh, migrated store whose tenant
 * exists and whose users include {@link CONTRACT_USERS} (tickets and push rows reference a user).
 */
export type OpenStore = () => Promise<OpenedStore>;

export const CONTRACT_USERS = ['auth0|contract-alice', 'auth0|contract-bob'] as const;
export const [ALICE, BOB] = CONTRACT_USERS;
