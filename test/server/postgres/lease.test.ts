import type pg from 'pg';
import { beforeAll, expect, it } from 'vitest';
import { createJobLeases } from '../../../server/store/postgres/lease.js';
import { fixedClock } from '../../helpers/clock.js';
import { createTestDatabase, describePostgres, testPool } from '../../helpers/postgres.js';

/** Instances racing for one job at once, each on its own connection. */
const RACERS = 50;
const TTL_MS = 30_000;

const holders = (prefix: string) => Array.from({ length: RACERS }, (_, i) => `${prefix}-${i}`);

describePostgres('job leases on PostgreSQL', () => {
  let pool: pg.Pool;
  beforeAll(async () => {
    pool = testPool(await createTestDatabase(), { max: RACERS });
  });

  async function holderOf(name: string): Promise<{ holder: string; expires_at: string }[]> {
    return (await pool.query<{ holder: string; expires_at: string }>('SELECT holder, expires_at::text FROM job_leases WHERE name = $1', [name])).rows;
  }

  it(`gives a free lease to exactly one of ${RACERS} instances asking at once`, async () => {
    const clock = fixedClock();
    const leases = createJobLeases(pool, clock);
    const racers = holders('free');
    const won = await Promise.all(racers.map((holder) => leases.tryLease('job_free', holder, TTL_MS)));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await holderOf('job_free')).toEqual([{ holder: racers[won.indexOf(true)], expires_at: String(clock.now() + TTL_MS) }]);
  });

  it(`gives an expired lease to exactly one of ${RACERS} instances asking at once`, async () => {
    const clock = fixedClock();
    const leases = createJobLeases(pool, clock);
    expect(await leases.tryLease('job_expired', 'crashed', TTL_MS)).toBe(true);
    clock.advance(TTL_MS);
    const racers = holders('late');
    const won = await Promise.all(racers.map((holder) => leases.tryLease('job_expired', holder, TTL_MS)));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(await holderOf('job_expired')).toEqual([{ holder: racers[won.indexOf(true)], expires_at: String(clock.now() + TTL_MS) }]);
  });

  it('lets the holder renew, and nobody else in until it expires', async () => {
    const clock = fixedClock();
    const leases = createJobLeases(pool, clock);
    expect(await leases.tryLease('job_renew', 'a', TTL_MS)).toBe(true);
    clock.advance(TTL_MS - 1);
    expect(await leases.tryLease('job_renew', 'b', TTL_MS)).toBe(false);
    expect(await leases.tryLease('job_renew', 'a', TTL_MS)).toBe(true);
    clock.advance(TTL_MS - 1);
    expect(await leases.tryLease('job_renew', 'b', TTL_MS)).toBe(false);
    clock.advance(1);
    expect(await leases.tryLease('job_renew', 'b', TTL_MS)).toBe(true);
    expect(await holderOf('job_renew')).toEqual([{ holder: 'b', expires_at: String(clock.now() + TTL_MS) }]);
  });

  it('keeps leases on different jobs apart', async () => {
    const leases = createJobLeases(pool, fixedClock());
    expect(await leases.tryLease('job_x', 'a', TTL_MS)).toBe(true);
    expect(await leases.tryLease('job_y', 'b', TTL_MS)).toBe(true);
    expect(await leases.tryLease('job_x', 'b', TTL_MS)).toBe(false);
  });

  it('frees a lease only when its holder releases it', async () => {
    const leases = createJobLeases(pool, fixedClock());
    expect(await leases.tryLease('job_release', 'a', TTL_MS)).toBe(true);
    await leases.release('job_release', 'b');
    expect(await leases.tryLease('job_release', 'b', TTL_MS)).toBe(false);
    await leases.release('job_release', 'a');
    expect(await leases.tryLease('job_release', 'b', TTL_MS)).toBe(true);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a ttlMs of %s', async (ttlMs) => {
    const leases = createJobLeases(pool, fixedClock());
    await expect(leases.tryLease('job_bad', 'a', ttlMs)).rejects.toThrow(new RangeError(`A lease's ttlMs must be a positive integer, not ${ttlMs}.`));
    expect(await holderOf('job_bad')).toEqual([]);
  });
});
