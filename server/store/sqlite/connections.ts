import type { Database } from 'better-sqlite3';
import { prepareOnce } from './prepare-once.js';
import type { Synchronous } from './synchronous.js';
import type { ConnectionRow, ConnectionRepo } from '../connections.js';

export function connectionRepo(db: Database): Synchronous<ConnectionRepo> {
  const all = prepareOnce(() => db.prepare<[], ConnectionRow>('SELECT id, name, strategy FROM connections ORDER BY name'));
  const byId = prepareOnce(() => db.prepare<[string], ConnectionRow>('SELECT id, name, strategy FROM connections WHERE id = ?'));
  const byName = prepareOnce(() => db.prepare<[string], ConnectionRow>('SELECT id, name, strategy FROM connections WHERE name = ?'));
  return {
    all: () => all().all(),
    find: (id) => byId().get(id),
    findByName: (name) => byName().get(name),
  };
}
