import type { Database } from 'better-sqlite3';
import type { Synchronous } from './synchronous.js';
import type { AlertSettings, AlertSettingsPatch, AlertCount, AlertRepo } from '../alerts.js';
import { ALERT_SUBJECTS_MAX, DEFAULT_ALERT_SETTINGS } from '../alerts.js';

interface WindowRow {
  started_at: number;
  count: number;
  fired: number;
  subjects: string;
}

/** Known fields only: anything else stored (an older shape) is dropped, never answered. */
function merge(stored: AlertSettingsPatch): AlertSettings {
  const { mass_reset: reset = {}, push_fatigue: fatigue = {} } = stored;
  const d = DEFAULT_ALERT_SETTINGS;
  return {
    mass_reset: { threshold: reset.threshold ?? d.mass_reset.threshold, window_s: reset.window_s ?? d.mass_reset.window_s },
    push_fatigue: {
      threshold: fatigue.threshold ?? d.push_fatigue.threshold,
      window_s: fatigue.window_s ?? d.push_fatigue.window_s,
      lock_push: fatigue.lock_push ?? d.push_fatigue.lock_push,
    },
  };
}

export function alertRepo(db: Database): Synchronous<AlertRepo> {
  const read = () => merge(JSON.parse(db.prepare<[], { alerts: string }>('SELECT alerts FROM tenant WHERE id = 1').get()?.alerts ?? '{}') as AlertSettingsPatch);
  const update = db.transaction((patch: AlertSettingsPatch) => {
    const current = read();
    const next = merge({ mass_reset: { ...current.mass_reset, ...patch.mass_reset }, push_fatigue: { ...current.push_fatigue, ...patch.push_fatigue } });
    db.prepare('UPDATE tenant SET alerts = ? WHERE id = 1').run(JSON.stringify(next));
    return next;
  });
  // Prepared on first use: a store may be built over a database one migration behind (bootstrap's tests).
  const count = db.transaction((key: string, amount: number, subjects: string[], threshold: number, windowMs: number, now: number): AlertCount => {
    const row = db.prepare<[string], WindowRow>('SELECT started_at, count, fired, subjects FROM alert_windows WHERE key = ?').get(key);
    const current = row && now - row.started_at < windowMs ? row : { started_at: now, count: 0, fired: 0, subjects: '[]' };
    const total = current.count + amount;
    const fired = current.fired === 0 && total >= threshold;
    const all = [...new Set([...(JSON.parse(current.subjects) as string[]), ...subjects])].slice(0, ALERT_SUBJECTS_MAX);
    db.prepare(
      `INSERT INTO alert_windows (key, started_at, count, fired, subjects) VALUES (?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET
         started_at = excluded.started_at, count = excluded.count, fired = excluded.fired, subjects = excluded.subjects`,
    ).run(key, current.started_at, total, current.fired === 1 || fired ? 1 : 0, JSON.stringify(all));
    return { fired, count: total, subjects: all };
  });
  return { settings: read, update: (patch) => update(patch), count: (key, amount, subjects, threshold, windowMs, now) => count(key, amount, subjects, threshold, windowMs, now) };
}
