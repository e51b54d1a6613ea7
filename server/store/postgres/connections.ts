import type { Queryable } from './queryable.js';
import type { ConnectionRow, ConnectionRepo } from '../connections.js';

export function connectionRepo(q: Queryable): ConnectionRepo {
  return {
    // COLLATE "C": the byte order SQLite compares text in, whatever the database's collation.
    all: async () => (await q.query<ConnectionRow>('SELECT id, name, strategy FROM connections ORDER BY name COLLATE "C"')).rows,
    find: async (id) => (await q.query<ConnectionRow>('SELECT id, name, strategy FROM connections WHERE id = $1', [id])).rows[0],
    findByName: async (name) => (await q.query<ConnectionRow>('SELECT id, name, strategy FROM connections WHERE name = $1', [name])).rows[0],
  };
}
