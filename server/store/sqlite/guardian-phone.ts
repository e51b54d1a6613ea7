import type { Database } from 'better-sqlite3';
import { phoneConfigFromJson, type GuardianPhoneRepo } from '../guardian-phone.js';
import type { Synchronous } from './synchronous.js';

export function guardianPhoneRepo(db: Database): Synchronous<GuardianPhoneRepo> {
  return {
    get: () => phoneConfigFromJson(db.prepare<[], { config: string }>('SELECT config FROM guardian_phone WHERE id = 1').get()?.config),
    put(config) {
      db.prepare('INSERT INTO guardian_phone (id, config) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET config = excluded.config').run(JSON.stringify(config));
    },
  };
}
