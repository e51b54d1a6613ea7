import type { FastifyServerOptions } from 'fastify';
import type { CodeDelivery, DeliveryIo } from './delivery/types.js';
import type { ScryptCost } from './crypto/passwords.js';
import type { SecretBox } from './crypto/secret-box.js';
import type { ServerConfig } from './config.js';
import type { LogStreamIo } from './services/log-stream-worker.js';
import type { JobCoordination } from './services/job-runner.js';
import type { LeaseCoordination } from './services/leases.js';
import type { PushHub } from './services/push-hub.js';
import type { Store } from './store/index.js';

/** Time is a parameter (STYLE: inject the clock). */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** Randomness is a parameter too, so tests can pin it. */
export interface Random {
  bytes(size: number): Buffer;
}

export interface ServerDeps {
  /** The caller opens it (`openSqliteStore`) and closes it after the server. */
  store: Store;
  clock: Clock;
  random: Random;
  secrets: SecretBox;
  config: ServerConfig;
  /** The password KDF's cost; production leaves it out (SCRYPT_COST). Tests pass a cheap one. */
  kdf?: ScryptCost;
  /** Fastify's `logger` option: pino options, `true`, or `false`/undefined for silence. */
  logger?: FastifyServerOptions['logger'];
  /** How log streams reach receivers: global `fetch` and real timers unless a test injects its own. */
  logStreamIo?: Partial<LogStreamIo>;
  /**
   * Where push events meet device streams. Default: this process only. Instances sharing a PostgreSQL
   * database pass its `LISTEN/NOTIFY` hub (`createPostgresPushHub`), so a challenge raised on one reaches
   * a device whose stream another holds. Closed with the server.
   */
  pushHub?: PushHub;
  /** Instances sharing a PostgreSQL database: job leases, so one instance at a time runs a job's step. */
  jobCoordination?: JobCoordination;
  /**
   * Instances sharing a PostgreSQL database: leases for the background work every instance would otherwise
   * do at once, so one at a time delivers a log stream's batch and one runs a housekeeping pass.
   */
  coordination?: LeaseCoordination;
  /** Where one-time codes go instead of the configured provider: the developer outbox. Default: the provider. */
  codeDelivery?: CodeDelivery;
  /** How the Twilio and webhook providers wait (retry backoff, request timeout). Default: real timers, their own timeouts. */
  deliveryIo?: DeliveryIo;
}

export const systemClock: Clock = { now: () => Date.now() };
