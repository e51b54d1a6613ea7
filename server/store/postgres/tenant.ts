import { prepared, type Queryable } from './queryable.js';
import type { GuardianSettings, MfaPolicy, TenantRepo } from '../tenant.js';
import { FACTOR_NAMES } from '../tenant.js';

interface TenantRecord extends GuardianSettings {
  name: string;
  mfa_policies: string;
  push_number_matching: boolean;
  push_lock_on_reject: boolean;
}

const GET_TENANT = prepared(`SELECT name, mfa_policies, push_number_matching, push_lock_on_reject, display_remember_me_checkbox,
  remember_me_default_value, mfa_session_inactivity_timeout, mfa_session_overall_timeout FROM tenant WHERE id = 1`);
const FACTORS = prepared('SELECT name, enabled FROM factors');
const FACTOR_ENABLED = prepared('SELECT enabled FROM factors WHERE name = $1');

export function tenantRepo(q: Queryable): TenantRepo {
  const tenant = async () => (await q.query<TenantRecord>(GET_TENANT)).rows[0];
  const enabled = async () => {
    const rows = (await q.query<{ name: string; enabled: boolean }>(FACTORS)).rows;
    return new Map(rows.map((row) => [row.name, row.enabled]));
  };
  return {
    exists: async () => (await tenant()) !== undefined,
    async create(name, now) {
      await q.query('INSERT INTO tenant (id, name, created_at) VALUES (1, $1, $2)', [name, now]);
    },
    name: async () => (await tenant())?.name ?? 'Tessera',
    policies: async () => JSON.parse((await tenant())?.mfa_policies ?? '[]') as MfaPolicy[],
    async setPolicies(policies) {
      await q.query('UPDATE tenant SET mfa_policies = $1 WHERE id = 1', [JSON.stringify(policies)]);
    },
    async factors() {
      const stored = await enabled();
      return FACTOR_NAMES.map((name) => ({ name, enabled: stored.get(name) === true }));
    },
    isFactorEnabled: async (name) => (await q.query<{ enabled: boolean }>(FACTOR_ENABLED, [name])).rows[0]?.enabled === true,
    async setFactor(name, on) {
      await q.query('INSERT INTO factors (name, enabled) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET enabled = EXCLUDED.enabled', [name, on]);
    },
    async pushSettings() {
      const row = await tenant();
      return { number_matching: row?.push_number_matching ?? true, lock_on_reject: row?.push_lock_on_reject === true };
    },
    async setPushSettings(settings) {
      // COALESCE keeps a setting left undefined, in one statement.
      await q.query('UPDATE tenant SET push_number_matching = COALESCE($1, push_number_matching), push_lock_on_reject = COALESCE($2, push_lock_on_reject) WHERE id = 1', [
        settings.number_matching ?? null,
        settings.lock_on_reject ?? null,
      ]);
    },
    async guardianSettings() {
      const row = await tenant();
      return {
        display_remember_me_checkbox: row?.display_remember_me_checkbox ?? true,
        remember_me_default_value: row?.remember_me_default_value === true,
        mfa_session_inactivity_timeout: row?.mfa_session_inactivity_timeout ?? 604_800,
        mfa_session_overall_timeout: row?.mfa_session_overall_timeout ?? 2_592_000,
      };
    },
    async setGuardianSettings(settings) {
      await q.query(
        `UPDATE tenant SET display_remember_me_checkbox = $1, remember_me_default_value = $2, mfa_session_inactivity_timeout = $3,
           mfa_session_overall_timeout = $4 WHERE id = 1`,
        [settings.display_remember_me_checkbox, settings.remember_me_default_value, settings.mfa_session_inactivity_timeout, settings.mfa_session_overall_timeout],
      );
    },
  };
}
