import type { FastifyRequest } from 'fastify';
import type { PasswordHasher } from './crypto/passwords.js';
import type { SecretBox } from './crypto/secret-box.js';
import type { Clock, Random } from './deps.js';
import type { ServerConfig } from './config.js';
import type { StoreTx } from './store/index.js';
import type { TokenSigner } from './tokens/signer.js';
import type { AuditLog } from './services/audit.js';
import type { audiences } from './scopes.js';
import type { Mailer } from './delivery/email.js';
import type { PushHub } from './services/push-hub.js';
import type { LogStreamWorker } from './services/log-stream-worker.js';
import type { LogRetention } from './services/log-retention.js';

/** What every handler needs, built once per server and decorated onto Fastify as `tessera`. */
export interface Tessera {
  /** The store, or inside `transaction(t, …)` that transaction's handle (a nested unit is then a savepoint). */
  store: StoreTx;
  signer: TokenSigner;
  secrets: SecretBox;
  passwords: PasswordHasher;
  clock: Clock;
  random: Random;
  config: ServerConfig;
  audiences: ReturnType<typeof audiences>;
  audit: AuditLog;
}

/**
 * Runs `fn` in one store transaction, handing it `t` bound to the transaction: its `store` is the
 * transaction's handle and its audit log writes through it, so helpers given that `t` take part in the
 * transaction rather than wait for it. Nested inside another, it is a savepoint.
 */
export function transaction<T>(t: Tessera, fn: (t: Tessera) => Promise<T>): Promise<T> {
  return t.store.transaction((tx) => fn({ ...t, store: tx, audit: t.audit.using(tx) }));
}

/** Where a request came from, for the audit log and push context. */
export interface RequestOrigin {
  ip: string;
  userAgent: string | null;
}

export function requestOrigin(request: FastifyRequest): RequestOrigin {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}

declare module 'fastify' {
  interface FastifyInstance {
    tessera: Tessera;
    /** Present when TESSERA_SMTP_URL is configured. */
    mailer: Mailer | undefined;
    jobRunner: { kick(): void; stop(): void };
    pushHub: PushHub;
    logStreamWorker: LogStreamWorker;
    logRetention: LogRetention;
    /** The server keeps one-time-code messages in the developer outbox (ServerDeps.codeDelivery), so its read API exists. */
    outboxEnabled: boolean;
  }
}
