import type { Database } from 'better-sqlite3';

/** Tessera's alert settings (beyond Auth0): thresholds over a window, in seconds. */
export interface AlertSettings {
  mass_mfa_reset: { enabled: boolean; threshold: number; window_s: number };
  push_fatigue: { enabled: boolean; threshold: number; window_s: number; lock_push: boolean };
}

/**
 * Tessera's choice of defaults: 20 users' MFA reset within an hour is far beyond a help desk's usual
 * pace; repeated denied pushes within minutes are how MFA fatigue ("push bombing", CISA "Implementing
 * Number Matching in MFA Applications", 2022) shows up, so 3 in 10 minutes. Locking is opt-in, as
 * `lock_on_reject` is.
 */
export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  mass_mfa_reset: { enabled: true, threshold: 20, window_s: 3600 },
  push_fatigue: { enabled: true, threshold: 3, window_s: 600, lock_push: false },
};

export type AlertSettingsPatch = { [K in keyof AlertSettings]?: Partial<AlertSettings[K]> };

export interface AlertRepo {
  settings(): AlertSettings;
  /** Merges `patch` into the stored settings and returns the result. */
  update(patch: AlertSettingsPatch): AlertSettings;
  /**
   * Adds `amount` to the window of `key` (a new window starts when the old one is `windowMs` old) and
   * says whether this addition crossed `threshold` for the first time in the window: one transaction,
   * so of many parallel additions exactly one sees `fired`.
   */
  count(key: string, amount: number, threshold: number, windowMs: number, now: number): { fired: boolean; count: number };
}

interface WindowRow {
  started_at: number;
  count: number;
  fired: number;
}

function merge(stored: AlertSettingsPatch): AlertSettings {
  return {
    mass_mfa_reset: { ...DEFAULT_ALERT_SETTINGS.mass_mfa_reset, ...stored.mass_mfa_reset },
    push_fatigue: { ...DEFAULT_ALERT_SETTINGS.push_fatigue, ...stored.push_fatigue },
  };
}

export function alertRepo(db: Database): AlertRepo {
  const read = () => merge(JSON.parse(db.prepare<[], { alerts: string }>('SELECT alerts FROM tenant WHERE id = 1').get()?.alerts ?? '{}') as AlertSettingsPatch);
  const update = db.transaction((patch: AlertSettingsPatch) => {
    const current = read();
    const next = merge({ mass_mfa_reset: { ...current.mass_mfa_reset, ...patch.mass_mfa_reset }, push_fatigue: { ...current.push_fatigue, ...patch.push_fatigue } });
    db.prepare('UPDATE tenant SET alerts = ? WHERE id = 1').run(JSON.stringify(next));
    return next;
  });
  // Prepared on first use: a store may be built over a database one migration behind (bootstrap's tests).
  const count = db.transaction((key: string, amount: number, threshold: number, windowMs: number, now: number) => {
    const row = db.prepare<[string], WindowRow>('SELECT started_at, count, fired FROM alert_windows WHERE key = ?').get(key);
    const current = row && now - row.started_at < windowMs ? row : { started_at: now, count: 0, fired: 0 };
    const total = current.count + amount;
    const fired = current.fired === 0 && total >= threshold;
    db.prepare(
      'INSERT INTO alert_windows (key, started_at, count, fired) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET started_at = excluded.started_at, count = excluded.count, fired = excluded.fired',
    ).run(key, current.started_at, total, current.fired === 1 || fired ? 1 : 0);
    return { fired, count: total };
  });
  return { settings: read, update: (patch) => update(patch), count: (key, amount, threshold, windowMs, now) => count(key, amount, threshold, windowMs, now) };
}
