
/** Tessera's alert settings (beyond Auth0): a threshold of events within a window, in seconds. */
export interface AlertSettings {
  mass_reset: { threshold: number; window_s: number };
  push_fatigue: { threshold: number; window_s: number; lock_push: boolean };
}

/**
 * The defaults the feature asks for: 10 MFA resets or enrollment deletions in 10 minutes is far beyond a
 * help desk's pace; 3 denied, "not me" or expired pushes for one user in 10 minutes is how MFA fatigue
 * ("push bombing", CISA "Implementing Number Matching in MFA Applications", 2022) shows up. Locking is
 * opt-in, as `lock_on_reject` is.
 */
export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  mass_reset: { threshold: 10, window_s: 600 },
  push_fatigue: { threshold: 3, window_s: 600, lock_push: false },
};

/** The most subjects a window remembers, so one huge bulk job cannot make an alert event unbounded. */
export const ALERT_SUBJECTS_MAX = 1000;

export type AlertSettingsPatch = { [K in keyof AlertSettings]?: Partial<AlertSettings[K]> };

/** Known fields only: anything else stored (an older shape) is dropped, never answered. */
export function alertSettingsFrom(stored: AlertSettingsPatch): AlertSettings {
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

/** `patch` over `current`, area by area, as PATCH /api/v2/guardian/alerts applies it. */
export function patchAlertSettings(current: AlertSettings, patch: AlertSettingsPatch): AlertSettings {
  return alertSettingsFrom({ mass_reset: { ...current.mass_reset, ...patch.mass_reset }, push_fatigue: { ...current.push_fatigue, ...patch.push_fatigue } });
}

export interface AlertCount {
  fired: boolean;
  count: number;
  /** The subjects counted in this window (first {@link ALERT_SUBJECTS_MAX}), oldest first. */
  subjects: string[];
}

export interface AlertRepo {
  settings(): Promise<AlertSettings>;
  /** Merges `patch` into the stored settings and returns the result. */
  update(patch: AlertSettingsPatch): Promise<AlertSettings>;
  /**
   * Adds `amount` to the window of `key` (a new window starts when the old one is `windowMs` old) and
   * says whether this addition crossed `threshold` for the first time in the window: one transaction,
   * so of many parallel additions exactly one sees `fired`.
   */
  count(key: string, amount: number, subjects: string[], threshold: number, windowMs: number, now: number): Promise<AlertCount>;
}

