import type { AlertRepo } from './alerts.js';
import type { AuditLogRepo } from './audit-log.js';
import type { AuthenticatorRepo } from './authenticators.js';
import type { ClientRepo } from './clients.js';
import type { ConnectionRepo } from './connections.js';
import type { EmailTemplateRepo } from './email-templates.js';
import type { TicketRepo } from './enrollment-tickets.js';
import type { JobRepo } from './jobs.js';
import type { LogStreamRepo } from './log-streams.js';
import type { GuardianPhoneRepo } from './guardian-phone.js';
import type { MfaTransactionRepo } from './mfa-transactions.js';
import type { OobCodeRepo } from './oob-codes.js';
import type { OutboxRepo } from './outbox.js';
import type { PushRepo } from './push.js';
import type { RateBucketRepo } from './rate-buckets.js';
import type { RefreshTokenRepo } from './refresh-tokens.js';
import type { ResourceServerRepo } from './resource-servers.js';
import type { SigningKeyRepo } from './signing-keys.js';
import type { TenantRepo } from './tenant.js';
import type { UserImportRepo } from './user-import.js';
import type { UserRepo } from './users.js';

/**
 * Every repository, one per area. Each method answers by promise, so an engine that talks to its
 * database over a socket (PostgreSQL) fits the same interface as the embedded SQLite one.
 */
export interface StoreRepos {
  tenant: TenantRepo;
  signingKeys: SigningKeyRepo;
  clients: ClientRepo;
  resourceServers: ResourceServerRepo;
  users: UserRepo;
  connections: ConnectionRepo;
  userImport: UserImportRepo;
  authenticators: AuthenticatorRepo;
  mfaTransactions: MfaTransactionRepo;
  refreshTokens: RefreshTokenRepo;
  rateBuckets: RateBucketRepo;
  logs: AuditLogRepo;
  jobs: JobRepo;
  tickets: TicketRepo;
  push: PushRepo;
  logStreams: LogStreamRepo;
  alerts: AlertRepo;
  oobCodes: OobCodeRepo;
  guardianPhone: GuardianPhoneRepo;
  outbox: OutboxRepo;
  emailTemplates: EmailTemplateRepo;
}

/** A transaction's handle: its repositories see and write only inside it. */
export interface StoreTx extends StoreRepos {
  /**
   * A nested unit (a savepoint): its writes roll back alone when `fn` throws, and the outer transaction
   * goes on. Nested units of one transaction run one after another, never side by side.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
}

/**
 * The store handlers see (STYLE principle 6): domain rows, never SQL. Work that must be atomic runs in
 * `transaction`, and every call inside it goes through the `tx` handle it is given; a call on the store
 * itself meanwhile is another, concurrent request's, and does not see the transaction's writes.
 */
export interface Store extends StoreRepos {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Closes the database; the store answers nothing after. */
  close(): Promise<void>;
}
