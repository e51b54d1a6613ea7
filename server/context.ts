import type { FastifyRequest } from 'fastify';
import type { PasswordHasher } from './crypto/passwords.js';
import type { SecretBox } from './crypto/secret-box.js';
import type { Clock, Random } from './deps.js';
import type { ServerConfig } from './config.js';
import type { Store } from './store/index.js';
import type { TokenSigner } from './tokens/signer.js';
import type { AuditLog } from './services/audit.js';
import type { audiences } from './scopes.js';
import type { Mailer } from './delivery/email.js';
import type { PushHub } from './services/push-hub.js';
import type { LogStreamWorker } from './services/log-stream-worker.js';
import type { LogRetention } from './services/log-retention.js';

/** What every handler needs, built once per server and decorated onto Fastify as `tessera`. */
export interface Tessera {
  store: Store;
  signer: TokenSigner;
  secrets: SecretBox;
  passwords: PasswordHasher;
  clock: Clock;
  random: Random;
  config: ServerConfig;
  audiences: ReturnType<typeof audiences>;
  audit: AuditLog;
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
  }
}
