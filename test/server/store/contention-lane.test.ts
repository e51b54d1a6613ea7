import { describe, expect, it } from 'vitest';
import { ContentionLane } from '../../../server/store/postgres/contention-lane.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the PostgreSQL store\'s contention lane', () => {
  it('knows code inside its transactions however deeply it awaited, again after each has ended', async () => {
    const lane = new ContentionLane();
    for (let round = 0; round < 3; round++) {
      // Outside: a retry queues; inside (after awaits), never, or it would wait for itself.
      expect(lane.queues(true)).toBe(true);
      const inside = await lane.within(async () => {
        await turn();
        return [lane.queues(true), await Promise.resolve().then(() => lane.queues(true))];
      });
      expect(inside).toEqual([false, false]);
      expect(lane.queues(true)).toBe(true);
    }
  });

  it('keeps knowing while one of two overlapping transactions has ended', async () => {
    const lane = new ContentionLane();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const long = lane.within(async () => {
      await held;
      await turn();
      return lane.queues(true);
    });
    await lane.within(async () => turn());
    release();
    expect(await long).toBe(false);
    // Another lane's transactions are not this one's.
    const other = new ContentionLane();
    expect(await lane.within(async () => other.queues(true))).toBe(true);
  });
});
