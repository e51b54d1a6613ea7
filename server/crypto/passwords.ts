import { scrypt, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Random } from '../deps.js';
import { isLegacyHash, verifyLegacyHash } from './legacy-hashes.js';

/** scrypt's work factors (RFC 7914 §2): memory and time grow with N·r. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** The production cost: N=2^15, r=8 → 32 MiB per hash (OWASP Password Storage Cheat Sheet, scrypt). */
export const SCRYPT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
// Room for a stored hash made at a higher cost than today's (128·N·r bytes, RFC 7914 §6).
const MAX_MEMORY = 64 * 1024 * 1024;

export interface PasswordHasher {
  /** `scrypt$N$r$p$salt$key`: the cost travels with the hash, so any later cost still verifies it. */
  hash(password: string): Promise<string>;
  /** `stored` undefined (unknown user) still costs one hash at the configured cost, so timing does not reveal who exists. */
  verify(password: string, stored: string | undefined): Promise<boolean>;
  /** An imported hash (legacy-hashes.ts), to be replaced by this hasher's after the next good login. */
  needsRehash(stored: string): boolean;
}

const RESERVED_POOL_THREADS = 2;
const LIBUV_DEFAULT_POOL = 4;

/**
 * How many hashes may run at once: each holds a thread of libuv's pool for ~200 ms, and that pool also
 * runs WebCrypto's jobs (`jose` signs and verifies every token there) and file system calls. Two threads
 * stay free for those, so a burst of logins never makes a token check wait for a hash. More hashes than
 * cores would not finish sooner either. UV_THREADPOOL_SIZE (default 4, https://docs.libuv.org/en/v1.x/threadpool.html)
 * cannot be raised from inside the server: Node's ES module loader uses the pool before any of our code
 * runs; an operator who sets it gets more hashes at once, up to the cores.
 */
export function hashSlots(poolSize: number, cores: number): number {
  return Math.max(1, Math.min(poolSize - RESERVED_POOL_THREADS, cores));
}
export const MAX_CONCURRENT_HASHES = hashSlots(Number(process.env.UV_THREADPOOL_SIZE) || LIBUV_DEFAULT_POOL, availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await work();
  } finally {
    // The slot passes straight to the next waiter, so `running` counts it still.
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return withHashSlot(() => new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...cost, maxmem: MAX_MEMORY }, (err, key) => (err ? reject(err) : resolve(key)));
  }));
}

function encode(cost: ScryptCost, salt: Buffer, key: Buffer): string {
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export function createPasswordHasher(random: Random, cost: ScryptCost = SCRYPT_COST): PasswordHasher {
  // Never matches (an all-zero key); made at the configured cost so an unknown user takes as long as a known one.
  const decoy = encode(cost, Buffer.alloc(SALT_BYTES), Buffer.alloc(KEY_LENGTH));
  return {
    async hash(password) {
      const salt = random.bytes(SALT_BYTES);
      return encode(cost, salt, await derive(password, salt, cost));
    },
    async verify(password, stored) {
      if (stored !== undefined && isLegacyHash(stored)) return verifyLegacyHash(password, stored);
      const [scheme, n, r, p, salt, key] = (stored ?? decoy).split('$');
      if (scheme !== 'scrypt' || !salt || !key) {
        // An unusable stored value (a user imported without a password) costs a hash too, like an unknown user.
        await derive(password, Buffer.alloc(SALT_BYTES), cost);
        return false;
      }
      const expected = Buffer.from(key, 'base64url');
      const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
      return actual.length === expected.length && timingSafeEqual(actual, expected) && stored !== undefined;
    },
    needsRehash: (stored) => isLegacyHash(stored),
  };
}
