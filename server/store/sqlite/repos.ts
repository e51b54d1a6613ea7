import type { Database } from 'better-sqlite3';
import type { StoreRepos } from '../types.js';
import { alertRepo } from './alerts.js';
import { auditLogRepo } from './audit-log.js';
import { authenticatorRepo } from './authenticators.js';
import { clientRepo } from './clients.js';
import { connectionRepo } from './connections.js';
import { jobRepo } from './jobs.js';
import { logStreamRepo } from './log-streams.js';
import { ticketRepo } from './enrollment-tickets.js';
import { pushRepo } from './push.js';
import { guardianPhoneRepo } from './guardian-phone.js';
import { mfaTransactionRepo } from './mfa-transactions.js';
import { oobCodeRepo } from './oob-codes.js';
import { outboxRepo } from './outbox.js';
import { emailTemplateRepo } from './email-templates.js';
import { rateBucketRepo } from './rate-buckets.js';
import { refreshTokenRepo } from './refresh-tokens.js';
import { resourceServerRepo } from './resource-servers.js';
import { signingKeyRepo } from './signing-keys.js';
import { tenantRepo } from './tenant.js';
import { userRepo } from './users.js';
import { userImportRepo } from './user-import.js';
import type { Synchronous } from './synchronous.js';

export type SyncRepos = { [K in keyof StoreRepos]: Synchronous<StoreRepos[K]> };

/** Every repository over one database, answering synchronously (the store wraps them). */
export function syncRepos(db: Database): SyncRepos {
  return {
    tenant: tenantRepo(db),
    signingKeys: signingKeyRepo(db),
    clients: clientRepo(db),
    resourceServers: resourceServerRepo(db),
    users: userRepo(db),
    connections: connectionRepo(db),
    userImport: userImportRepo(db),
    authenticators: authenticatorRepo(db),
    mfaTransactions: mfaTransactionRepo(db),
    refreshTokens: refreshTokenRepo(db),
    rateBuckets: rateBucketRepo(db),
    logs: auditLogRepo(db),
    jobs: jobRepo(db),
    tickets: ticketRepo(db),
    push: pushRepo(db),
    logStreams: logStreamRepo(db),
    alerts: alertRepo(db),
    oobCodes: oobCodeRepo(db),
    guardianPhone: guardianPhoneRepo(db),
    outbox: outboxRepo(db),
    emailTemplates: emailTemplateRepo(db),
  };
}
