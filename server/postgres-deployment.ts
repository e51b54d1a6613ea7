import type { Clock, Random } from './deps.js';
import type { SecretBox } from './crypto/secret-box.js';
import type { JobCoordination } from './services/job-runner.js';
import type { LeaseCoordination } from './services/leases.js';
import { createPostgresPushHub, type PostgresPushHub } from './services/push-hub-postgres.js';
import { createPostgresStore, openMigratedPool } from './store/postgres/index.js';
import { createJobLeases } from './store/postgres/lease.js';
import type { Store } from './store/types.js';

/** What instances sharing one PostgreSQL database share: the store, push events, and leases for jobs and background work. */
export interface PostgresDeployment {
  store: Store;
  pushHub: PostgresPushHub;
  jobCoordination: JobCoordination;
  coordination: LeaseCoordination;
}

/**
 * `TESSERA_DATABASE_URL`'s side of `npm run server` (loaded only then, so a SQLite start never loads
 * `pg`): the pool, migrated under a lock so instances may start together; the `LISTEN/NOTIFY` push hub,
 * so a challenge raised on one instance reaches a stream another holds; and leases, so instances take
 * turns at a job's steps and a log stream's batches, and one runs each housekeeping pass. `report` hears
 * of failures the server goes on through (a dropped connection).
 */
export async function openPostgresDeployment(url: string, deps: { secrets: SecretBox; random: Random; clock: Clock; report(error: Error, from: 'pool' | 'push hub'): void }): Promise<PostgresDeployment> {
  const pool = await openMigratedPool(url, { onError: (error) => deps.report(error, 'pool') });
  const store = createPostgresStore(pool);
  const pushHub = await createPostgresPushHub({ connectionString: url, secrets: deps.secrets, random: deps.random, onError: (error) => deps.report(error, 'push hub') });
  const coordination = { leases: createJobLeases(pool, deps.clock), holder: deps.random.bytes(12).toString('base64url') };
  return { store, pushHub, jobCoordination: { ...coordination }, coordination };
}
