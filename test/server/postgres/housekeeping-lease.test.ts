import { expect, it, vi } from 'vitest';
import { createHousekeeping, HOUSEKEEPING_INTERVAL_MS } from '../../../server/services/housekeeping.js';
import { createJobLeases } from '../../../server/store/postgres/lease.js';
import { fixedClock } from '../../helpers/clock.js';
import { manualTimers } from '../../helpers/manual-timers.js';
import { createTestDatabase, describePostgres, testPool } from '../../helpers/postgres.js';

/**
 * Instances sharing a PostgreSQL database run one housekeeping pass per interval between them, through
 * the `housekeeping` lease; a lone SQLite process (no coordination) runs every pass itself.
 */

const silentLog = { error: vi.fn() } as unknown as Parameters<typeof createHousekeeping>[2];

/** Two instances' housekeeping on one database (or none), each counting the passes it ran. */
async function twoInstances(shared: boolean) {
  const clock = fixedClock();
  const leases = createJobLeases(testPool(await createTestDatabase()), clock);
  const runs = { a: 0, b: 0 };
  const make = (name: 'a' | 'b') =>
    createHousekeeping([{ name: 'count', run: async () => (runs[name] += 1) }], manualTimers(), silentLog, shared ? { leases, holder: name } : undefined);
  return { clock, runs, a: make('a'), b: make('b') };
}

describePostgres('housekeeping across instances on PostgreSQL', () => {
  it('runs one pass when two instances start theirs at once, and the holder keeps the turn', async () => {
    const { runs, a, b } = await twoInstances(true);
    const ran = await Promise.all([a.runPass(), b.runPass()]);
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(runs.a + runs.b).toBe(1);

    // The interval later the holder renews its lease and runs again; the other still skips.
    const [holder, other] = runs.a === 1 ? [a, b] : [b, a];
    expect(await other.runPass()).toBe(false);
    expect(await holder.runPass()).toBe(true);
    expect(runs.a + runs.b).toBe(2);
  });

  it('lets another instance take over once the holder stops renewing', async () => {
    const { clock, runs, a, b } = await twoInstances(true);
    expect(await a.runPass()).toBe(true);
    clock.advance(HOUSEKEEPING_INTERVAL_MS - 1);
    expect(await b.runPass()).toBe(false);
    clock.advance(1);
    expect(await b.runPass()).toBe(true);
    expect(runs).toEqual({ a: 1, b: 1 });
  });

  it('without coordination (SQLite, one process) each runs its own pass', async () => {
    const { runs, a, b } = await twoInstances(false);
    expect(await Promise.all([a.runPass(), b.runPass()])).toEqual([true, true]);
    expect(runs).toEqual({ a: 1, b: 1 });
  });
});
