import type { Database } from 'better-sqlite3';
import { prepareOnce } from './prepare-once.js';

export interface ConnectionRow {
  id: string;
  name: string;
  strategy: string;
}

export interface ConnectionRepo {
  all(): ConnectionRow[];
  find(id: string): ConnectionRow | undefined;
  findByName(name: string): ConnectionRow | undefined;
}

export function connectionRepo(db: Database): ConnectionRepo {
  const all = prepareOnce(() => db.prepare<[], ConnectionRow>('SELECT id, name, strategy FROM connections ORDER BY name'));
  const byId = prepareOnce(() => db.prepare<[string], ConnectionRow>('SELECT id, name, strategy FROM connections WHERE id = ?'));
  const byName = prepareOnce(() => db.prepare<[string], ConnectionRow>('SELECT id, name, strategy FROM connections WHERE name = ?'));
  return {
    all: () => all().all(),
    find: (id) => byId().get(id),
    findByName: (name) => byName().get(name),
  };
}
