import type { Database } from 'better-sqlite3';
import type { Synchronous } from './synchronous.js';
import type { AlertSettingsPatch, AlertCount, AlertRepo } from '../alerts.js';
import { ALERT_SUBJECTS_MAX, alertSettingsFrom, patchAlertSettings } from '../alerts.js';

interface WindowRow {
  started_at: number;
  count: number;
  fired: number;
  subjects: string;
}

export function alertRepo(db: Database): Synchronous<AlertRepo> {
  const read = () => alertSettingsFrom(JSON.parse(db.prepare<[], { alerts: string }>('SELECT alerts FROM tenant WHERE id = 1').get()?.alerts ?? '{}') as AlertSettingsPatch);
  const update = db.transaction((patch: AlertSettingsPatch) => {
    const current = read();
    const next = patchAlertSettings(current, patch);
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
