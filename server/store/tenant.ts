import type { Database } from 'better-sqlite3';

/** Factor names of the Management API (`/api/v2/guardian/factors/{name}`), reference §1.3. */
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
  };
}
