import type { Database } from 'better-sqlite3';
import type { FastifyServerOptions } from 'fastify';
import type { SecretBox } from './crypto/secret-box.js';
import type { ServerConfig } from './config.js';

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
  db: Database;
  clock: Clock;
  random: Random;
  secrets: SecretBox;
  config: ServerConfig;
  /** Fastify's `logger` option: pino options, `true`, or `false`/undefined for silence. */
  logger?: FastifyServerOptions['logger'];
}

export const systemClock: Clock = { now: () => Date.now() };
