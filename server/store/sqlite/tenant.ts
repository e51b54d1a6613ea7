import type { Database } from 'better-sqlite3';
import type { Synchronous } from './synchronous.js';
import type { MfaPolicy, TenantRepo } from '../tenant.js';
import { FACTOR_NAMES } from '../tenant.js';

interface GuardianSettingsRow {
  display_remember_me_checkbox: number;
  remember_me_default_value: number;
  mfa_session_inactivity_timeout: number;
  mfa_session_overall_timeout: number;
}

export function tenantRepo(db: Database): Synchronous<TenantRepo> {
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
