export type { Store, StoreRepos, StoreTx } from './types.js';
