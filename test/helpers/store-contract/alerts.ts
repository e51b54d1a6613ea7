import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../server/store/index.js';
import { ALERT_SUBJECTS_MAX, DEFAULT_ALERT_SETTINGS } from '../../../server/store/alerts.js';
import type { OpenStore } from './seeded-store.js';

const NOW = 1_700_000_000_000;
const WINDOW = 600_000;

/** The alert repository (server/store/alerts.ts) as every engine must answer it. */
export function describeAlertRepo(engine: string, open: OpenStore): void {
  describe(`${engine} alert repository`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ store, dispose } = await open());
    });
    afterEach(async () => dispose());

    it('answers the defaults, then merges patches over what is stored', async () => {
      expect(await store.alerts.settings()).toEqual(DEFAULT_ALERT_SETTINGS);
      const first = await store.alerts.update({ push_fatigue: { lock_push: true } });
      expect(first).toEqual({ ...DEFAULT_ALERT_SETTINGS, push_fatigue: { ...DEFAULT_ALERT_SETTINGS.push_fatigue, lock_push: true } });
      const second = await store.alerts.update({ mass_reset: { threshold: 3 }, push_fatigue: { window_s: 60 } });
      expect(second).toEqual({ mass_reset: { threshold: 3, window_s: 600 }, push_fatigue: { threshold: 3, window_s: 60, lock_push: true } });
      expect(await store.alerts.settings()).toEqual(second);
    });

    it('counts within a window, fires once on crossing, and starts a new window when it is old', async () => {
      expect(await store.alerts.count('k', 2, ['u1', 'u2'], 3, WINDOW, NOW)).toEqual({ fired: false, count: 2, subjects: ['u1', 'u2'] });
      expect(await store.alerts.count('k', 1, ['u2', 'u3'], 3, WINDOW, NOW + 1)).toEqual({ fired: true, count: 3, subjects: ['u1', 'u2', 'u3'] });
      expect(await store.alerts.count('k', 5, [], 3, WINDOW, NOW + 2)).toEqual({ fired: false, count: 8, subjects: ['u1', 'u2', 'u3'] });
      expect(await store.alerts.count('other', 1, ['x'], 3, WINDOW, NOW + 2)).toEqual({ fired: false, count: 1, subjects: ['x'] });
      expect(await store.alerts.count('k', 3, ['u9'], 3, WINDOW, NOW + WINDOW)).toEqual({ fired: true, count: 3, subjects: ['u9'] });
    });

    it(`remembers at most ${ALERT_SUBJECTS_MAX} subjects`, async () => {
      const many = Array.from({ length: ALERT_SUBJECTS_MAX + 5 }, (_, n) => `u${n}`);
      const counted = await store.alerts.count('k', many.length, many, 1e9, WINDOW, NOW);
      expect(counted.subjects).toEqual(many.slice(0, ALERT_SUBJECTS_MAX));
    });

    it('of many additions at once, exactly one sees the threshold crossed and none is lost', async () => {
      const added = await Promise.all(Array.from({ length: 20 }, (_, n) => store.alerts.count('k', 1, [`u${n}`], 10, WINDOW, NOW)));
      expect(added.filter((result) => result.fired)).toHaveLength(1);
      expect(added.map((result) => result.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n + 1));
      expect(added.find((result) => result.fired)?.count).toBe(10);
    });
  });
}
