import { afterEach, describe, expect, it, vi } from 'vitest';
import * as crypto from 'node:crypto';
import { availableParallelism } from 'node:os';
import { createPasswordHasher, hashSlots, MAX_CONCURRENT_HASHES, SCRYPT_COST } from '../../../server/crypto/passwords.js';
import { systemRandom } from '../../../server/crypto/random.js';
import { queryRows } from '../../helpers/db.js';
import { buildTestServer, createUser, PASSWORD, type TestServer } from '../../helpers/server.js';
import { TEST_KDF } from '../../helpers/test-crypto.js';

// Records the N of every scrypt call, so the decoy's cost is checked without measuring time.
// Also counts the hashes in flight (called, callback not yet run), to check the bound on them.
const costs = vi.hoisted(() => [] as number[]);
const flight = vi.hoisted(() => ({ now: 0, max: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  const scrypt = (...args: Parameters<typeof real.scrypt>) => {
    const options = args[3] as crypto.ScryptOptions;
    costs.push(options.N ?? 0);
    flight.now += 1;
    flight.max = Math.max(flight.max, flight.now);
    const done = args[4] as (...a: unknown[]) => void;
    const counted = (...result: unknown[]) => {
      flight.now -= 1;
      done(...result);
    };
    return (real.scrypt as (...a: unknown[]) => void)(...args.slice(0, 4), counted);
  };
  return { ...real, scrypt, default: { ...real, scrypt } };
});

const HASH = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$[\w-]{22}\$[\w-]{43}$/;

describe('password hasher', () => {
  afterEach(() => void costs.splice(0));

  it('hashes at the production cost (N=2^15, r=8, p=1) when no cost is given', async () => {
    const hash = await createPasswordHasher(systemRandom).hash(PASSWORD);
    expect(HASH.exec(hash)?.slice(1)).toEqual(['32768', '8', '1']);
    expect(SCRYPT_COST).toEqual({ N: 2 ** 15, r: 8, p: 1 });
  });

  it("leaves two of libuv's pool threads to token work, and runs no more hashes than cores", () => {
    expect([hashSlots(4, 2), hashSlots(4, 8), hashSlots(16, 8), hashSlots(16, 32), hashSlots(2, 4), hashSlots(1, 1)]).toEqual([2, 2, 8, 14, 1, 1]);
    // This process's pool is libuv's default (vitest sets no UV_THREADPOOL_SIZE).
    expect(MAX_CONCURRENT_HASHES).toBe(hashSlots(Number(process.env.UV_THREADPOOL_SIZE) || 4, availableParallelism()));
  });

  it(`runs at most ${String(MAX_CONCURRENT_HASHES)} hashes at once, so a burst leaves libuv's pool threads for token work`, async () => {
    flight.max = 0;
    const hasher = createPasswordHasher(systemRandom, TEST_KDF);
    const stored = await hasher.hash(PASSWORD);
    const burst = Array.from({ length: 12 }, (_, i) => (i % 2 ? hasher.hash(PASSWORD) : hasher.verify(PASSWORD, stored)));
    const results = await Promise.all(burst);
    expect(results.filter((r) => r === true)).toHaveLength(6);
    // Bounded, and not serialised either: the burst did use every slot.
    expect(flight).toEqual({ now: 0, max: MAX_CONCURRENT_HASHES });
  });

  it('verifies a hash made at any cost, since the hash records its own', async () => {
    const cheap = createPasswordHasher(systemRandom, TEST_KDF);
    const production = createPasswordHasher(systemRandom);
    const hash = await cheap.hash(PASSWORD);
    expect(HASH.exec(hash)?.slice(1)).toEqual(['1024', '8', '1']);
    expect(await production.verify(PASSWORD, hash)).toBe(true);
    expect(await production.verify('wrong horse battery staple', hash)).toBe(false);
  });

  it.each([
    ['production', undefined, SCRYPT_COST.N],
    ['test', TEST_KDF, TEST_KDF.N],
  ])('checks an unknown user against a decoy at the configured (%s) cost, and never matches', async (_name, cost, n) => {
    const hasher = createPasswordHasher(systemRandom, cost);
    expect(await hasher.verify(PASSWORD, undefined)).toBe(false);
    expect(await hasher.verify('', undefined)).toBe(false);
    expect(costs).toEqual([n, n]);
  });

  it.each([
    ['another scheme', 'bcrypt$10$abc'],
    ['a truncated hash', 'scrypt$1024$8$1$'],
    ['a key of the wrong length', `scrypt$1024$8$1$${'A'.repeat(22)}$${'A'.repeat(10)}`],
  ])('refuses %s without throwing', async (_name, stored) => {
    expect(await createPasswordHasher(systemRandom, TEST_KDF).verify(PASSWORD, stored)).toBe(false);
  });
});

describe('the server uses the injected cost', () => {
  let server: TestServer;
  afterEach(() => server.close());

  it('stores users’ hashes at deps.kdf', async () => {
    server = await buildTestServer();
    const { user_id } = await createUser(server.app);
    const [row] = await queryRows<{ password_hash: string }>(server, 'SELECT password_hash FROM users WHERE user_id = $1', user_id);
    expect(HASH.exec(row?.password_hash ?? '')?.slice(1)).toEqual(['1024', '8', '1']);
  });
});
