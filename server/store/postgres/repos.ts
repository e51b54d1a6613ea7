import type { StoreRepos } from '../types.js';
import type { Queryable } from './queryable.js';
import { authenticatorRepo } from './authenticators.js';
import { clientRepo } from './clients.js';
import { connectionRepo } from './connections.js';
import { mfaTransactionRepo } from './mfa-transactions.js';
import { rateBucketRepo } from './rate-buckets.js';
import { refreshTokenRepo } from './refresh-tokens.js';
import { resourceServerRepo } from './resource-servers.js';
import { signingKeyRepo } from './signing-keys.js';
import { tenantRepo } from './tenant.js';
import { userImportRepo } from './user-import.js';
import { userRepo } from './users.js';

// TODO(merge, issue 12 half B): import alertRepo, auditLogRepo, jobRepo, ticketRepo, pushRepo and
// logStreamRepo from ./alerts.js, ./audit-log.js, ./jobs.js, ./enrollment-tickets.js, ./push.js and
// ./log-streams.js, and replace the six `missing(…)` entries below with them; then delete `missing`.
function missing<K extends keyof StoreRepos>(area: K): StoreRepos[K] {
  const refuse = () => Promise.reject(new Error(`store: the PostgreSQL ${area} repository is not assembled yet`));
  return new Proxy({}, { get: () => refuse }) as StoreRepos[K];
}

/** Every repository over one queryable: the pool, or the client a transaction holds. */
export function postgresRepos(q: Queryable): StoreRepos {
  return {
    tenant: tenantRepo(q),
    signingKeys: signingKeyRepo(q),
    clients: clientRepo(q),
    resourceServers: resourceServerRepo(q),
    users: userRepo(q),
    connections: connectionRepo(q),
    userImport: userImportRepo(q),
    authenticators: authenticatorRepo(q),
    mfaTransactions: mfaTransactionRepo(q),
    refreshTokens: refreshTokenRepo(q),
    rateBuckets: rateBucketRepo(q),
    logs: missing('logs'),
    jobs: missing('jobs'),
    tickets: missing('tickets'),
    push: missing('push'),
    logStreams: missing('logStreams'),
    alerts: missing('alerts'),
  };
}
