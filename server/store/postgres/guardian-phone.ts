import { phoneConfigFromJson, type GuardianPhoneRepo } from '../guardian-phone.js';
import type { Queryable } from './queryable.js';

export function guardianPhoneRepo(q: Queryable): GuardianPhoneRepo {
  return {
    get: async () => phoneConfigFromJson((await q.query<{ config: string }>('SELECT config FROM guardian_phone WHERE id = 1')).rows[0]?.config),
    async put(config) {
      await q.query('INSERT INTO guardian_phone (id, config) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET config = excluded.config', [JSON.stringify(config)]);
    },
  };
}
