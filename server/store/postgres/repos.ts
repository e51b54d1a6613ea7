import type { StoreRepos } from '../types.js';
import type { Queryable } from './queryable.js';
import { alertRepo } from './alerts.js';
import { auditLogRepo } from './audit-log.js';
import { authenticatorRepo } from './authenticators.js';
import { clientRepo } from './clients.js';
import { connectionRepo } from './connections.js';
import { ticketRepo } from './enrollment-tickets.js';
import { jobRepo } from './jobs.js';
import { logStreamRepo } from './log-streams.js';
import { guardianPhoneRepo } from './guardian-phone.js';
import { mfaTransactionRepo } from './mfa-transactions.js';
import { oobCodeRepo } from './oob-codes.js';
import { outboxRepo } from './outbox.js';
import { emailTemplateRepo } from './email-templates.js';
import { pushRepo } from './push.js';
import { rateBucketRepo } from './rate-buckets.js';
import { refreshTokenRepo } from './refresh-tokens.js';
import { resourceServerRepo } from './resource-servers.js';
import { signingKeyRepo } from './signing-keys.js';
import { tenantRepo } from './tenant.js';
import { userImportRepo } from './user-import.js';
import { userRepo } from './users.js';
import { nulKeysMatchNothing } from './nul-keys.js';

/** Every repository over one queryable: the pool, or the client a transaction holds. */
export function postgresRepos(raw: Queryable): StoreRepos {
  const q = nulKeysMatchNothing(raw);
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
    logs: auditLogRepo(q),
    jobs: jobRepo(q),
    tickets: ticketRepo(q),
    push: pushRepo(q),
    logStreams: logStreamRepo(q),
    alerts: alertRepo(q),
    oobCodes: oobCodeRepo(q),
    guardianPhone: guardianPhoneRepo(q),
    outbox: outboxRepo(q),
    emailTemplates: emailTemplateRepo(q),
  };
}
