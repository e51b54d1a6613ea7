import type { Database } from 'better-sqlite3';

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
  const all = db.prepare<[], ConnectionRow>('SELECT id, name, strategy FROM connections ORDER BY name');
  const byId = db.prepare<[string], ConnectionRow>('SELECT id, name, strategy FROM connections WHERE id = ?');
  const byName = db.prepare<[string], ConnectionRow>('SELECT id, name, strategy FROM connections WHERE name = ?');
  return {
    all: () => all.all(),
    find: (id) => byId.get(id),
    findByName: (name) => byName.get(name),
  };
}
