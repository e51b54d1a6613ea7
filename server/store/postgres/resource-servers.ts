import { prepared, type Queryable } from './queryable.js';
import type { ResourceServerRepo } from '../resource-servers.js';
import { resourceServerFromRecord, type ResourceServerRecord } from '../records/resource-servers.js';


const COLUMNS = ['name', 'scopes', 'signing_alg', 'token_lifetime', 'token_lifetime_for_web', 'allow_offline_access', 'skip_consent_for_verifiable_first_party_clients'] as const;

const INSERT = `INSERT INTO resource_servers (id, name, identifier, scopes, signing_alg, token_lifetime, token_lifetime_for_web,
  allow_offline_access, skip_consent_for_verifiable_first_party_clients, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  ON CONFLICT (identifier) DO NOTHING`;

const ONE_BY = {
  id: prepared('SELECT * FROM resource_servers WHERE id = $1'),
  identifier: prepared('SELECT * FROM resource_servers WHERE identifier = $1'),
};

export function resourceServerRepo(q: Queryable): ResourceServerRepo {
  const one = async (by: keyof typeof ONE_BY, value: string) => {
    const row = (await q.query<ResourceServerRecord>(ONE_BY[by], [value])).rows[0];
    return row && resourceServerFromRecord(row);
  };
  return {
    // COLLATE "C": ties on created_at break on id in the byte order SQLite compares text in.
    list: async () => (await q.query<ResourceServerRecord>('SELECT * FROM resource_servers ORDER BY created_at, id COLLATE "C"')).rows.map(resourceServerFromRecord),
    find: (id) => one('id', id),
    byIdentifier: (identifier) => one('identifier', identifier),
    // The UNIQUE index decides between parallel creates: the loser inserts no row.
    insert: async (server, now) =>
      (await q.query(INSERT, [server.id, server.name, server.identifier, JSON.stringify(server.scopes), server.signing_alg, server.token_lifetime,
        server.token_lifetime_for_web, server.allow_offline_access, server.skip_consent_for_verifiable_first_party_clients, now])).rowCount === 1,
    async update(id, changes) {
      // Column names come from the fixed list; only values are bound.
      const keys = COLUMNS.filter((key) => changes[key] !== undefined);
      if (keys.length === 0) return;
      const values = keys.map((key) => (key === 'scopes' ? JSON.stringify(changes.scopes) : changes[key]));
      await q.query(`UPDATE resource_servers SET ${keys.map((key, i) => `${key} = $${i + 1}`).join(', ')} WHERE id = $${keys.length + 1}`, [...values, id]);
    },
    remove: async (id) => (await q.query('DELETE FROM resource_servers WHERE id = $1', [id])).rowCount === 1,
  };
}
