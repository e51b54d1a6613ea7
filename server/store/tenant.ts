import type { Database } from 'better-sqlite3';

/** Factor names of the Management API (`/api/v2/guardian/factors/{name}`), https://auth0.com/docs/api/management/v2/guardian/put-factors-by-name. */
export const FACTOR_NAMES = [
  'push-notification',
  'sms',
  'email',
  'duo',
  'otp',
  'webauthn-roaming',
  'webauthn-platform',
  'recovery-code',
] as const;
export type FactorName = (typeof FACTOR_NAMES)[number];

/** Factors this server implements today; the rest are listed and always disabled. */
export const SUPPORTED_FACTORS: readonly FactorName[] = ['otp', 'recovery-code', 'push-notification'];

export const MFA_POLICIES = ['all-applications', 'confidence-score'] as const;
export type MfaPolicy = (typeof MFA_POLICIES)[number];

export interface TenantRepo {
  exists(): boolean;
  create(name: string, now: number): void;
  name(): string;
  policies(): MfaPolicy[];
  setPolicies(policies: MfaPolicy[]): void;
  factors(): { name: FactorName; enabled: boolean }[];
  isFactorEnabled(name: FactorName): boolean;
  setFactor(name: FactorName, enabled: boolean): void;
  pushSettings(): PushSettings;
  setPushSettings(settings: Partial<PushSettings>): void;
  guardianSettings(): GuardianSettings;
  setGuardianSettings(settings: GuardianSettings): void;
}

/** Auth0's `GET/PUT /api/v2/guardian/settings`: the Remember Me prompt and MFA session timeouts in seconds. */
export interface GuardianSettings {
  display_remember_me_checkbox: boolean;
  remember_me_default_value: boolean;
  mfa_session_inactivity_timeout: number;
  mfa_session_overall_timeout: number;
}

interface GuardianSettingsRow {
  display_remember_me_checkbox: number;
  remember_me_default_value: number;
  mfa_session_inactivity_timeout: number;
  mfa_session_overall_timeout: number;
}

/** Tessera's push settings, beyond Auth0: number matching (on for new tenants) and locking after "not me". */
export interface PushSettings {
  number_matching: boolean;
  lock_on_reject: boolean;
}

export function tenantRepo(db: Database): TenantRepo {
  const getTenant = db.prepare<[], { name: string; mfa_policies: string }>('SELECT name, mfa_policies FROM tenant WHERE id = 1');
  const getFactor = db.prepare<[string], { enabled: number }>('SELECT enabled FROM factors WHERE name = ?');
  const putFactor = db.prepare('INSERT INTO factors (name, enabled) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET enabled = excluded.enabled');
  return {
    exists: () => getTenant.get() !== undefined,
    create(name, now) {
      db.prepare('INSERT INTO tenant (id, name, created_at) VALUES (1, ?, ?)').run(name, now);
    },
    name: () => getTenant.get()?.name ?? 'Tessera',
    policies: () => JSON.parse(getTenant.get()?.mfa_policies ?? '[]') as MfaPolicy[],
    setPolicies(policies) {
      db.prepare('UPDATE tenant SET mfa_policies = ? WHERE id = 1').run(JSON.stringify(policies));
    },
    factors: () => FACTOR_NAMES.map((name) => ({ name, enabled: getFactor.get(name)?.enabled === 1 })),
    isFactorEnabled: (name) => getFactor.get(name)?.enabled === 1,
    setFactor(name, enabled) {
      putFactor.run(name, enabled ? 1 : 0);
    },
    pushSettings() {
      const row = db
        .prepare<[], { push_number_matching: number; push_lock_on_reject: number }>('SELECT push_number_matching, push_lock_on_reject FROM tenant WHERE id = 1')
        .get();
      return { number_matching: (row?.push_number_matching ?? 1) === 1, lock_on_reject: row?.push_lock_on_reject === 1 };
    },
    setPushSettings(settings) {
      if (settings.number_matching !== undefined) db.prepare('UPDATE tenant SET push_number_matching = ? WHERE id = 1').run(settings.number_matching ? 1 : 0);
      if (settings.lock_on_reject !== undefined) db.prepare('UPDATE tenant SET push_lock_on_reject = ? WHERE id = 1').run(settings.lock_on_reject ? 1 : 0);
    },
    guardianSettings() {
      const row = db
        .prepare<[], GuardianSettingsRow>(
          'SELECT display_remember_me_checkbox, remember_me_default_value, mfa_session_inactivity_timeout, mfa_session_overall_timeout FROM tenant WHERE id = 1',
        )
        .get();
      return {
        display_remember_me_checkbox: (row?.display_remember_me_checkbox ?? 1) === 1,
        remember_me_default_value: row?.remember_me_default_value === 1,
        mfa_session_inactivity_timeout: row?.mfa_session_inactivity_timeout ?? 604_800,
        mfa_session_overall_timeout: row?.mfa_session_overall_timeout ?? 2_592_000,
      };
    },
    setGuardianSettings(settings) {
      db.prepare(
        `UPDATE tenant SET display_remember_me_checkbox = ?, remember_me_default_value = ?, mfa_session_inactivity_timeout = ?,
           mfa_session_overall_timeout = ? WHERE id = 1`,
      ).run(settings.display_remember_me_checkbox ? 1 : 0, settings.remember_me_default_value ? 1 : 0, settings.mfa_session_inactivity_timeout, settings.mfa_session_overall_timeout);
    },
  };
}
