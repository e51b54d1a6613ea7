import type { Database } from 'better-sqlite3';
import type { Synchronous } from './synchronous.js';
import type { ResourceServer, ResourceServerChanges, ResourceServerRepo } from '../resource-servers.js';
import { resourceServerFromRecord, type ResourceServerRecord } from '../records/resource-servers.js';


function toColumns(changes: ResourceServerChanges): Record<string, string | number> {
  const columns: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    columns[key] = typeof value === 'boolean' ? Number(value) : Array.isArray(value) ? JSON.stringify(value) : (value as string | number);
  }
  return columns;
}

const COLUMNS = ['name', 'scopes', 'signing_alg', 'token_lifetime', 'token_lifetime_for_web', 'allow_offline_access', 'skip_consent_for_verifiable_first_party_clients'] as const;

export function resourceServerRepo(db: Database): Synchronous<ResourceServerRepo> {
  // Prepared on first use: a store over a database not yet migrated to 004 must still open.
  const lazy = <T>(make: () => T) => {
    let made: T | undefined;
    return () => (made ??= make());
  };
  const list = lazy(() => db.prepare<[], ResourceServerRecord>('SELECT * FROM resource_servers ORDER BY created_at, id'));
  const find = lazy(() => db.prepare<[string], ResourceServerRecord>('SELECT * FROM resource_servers WHERE id = ?'));
  const byIdentifier = lazy(() => db.prepare<[string], ResourceServerRecord>('SELECT * FROM resource_servers WHERE identifier = ?'));
  const insert = lazy(() =>
    db.prepare(
      `INSERT INTO resource_servers (id, name, identifier, scopes, signing_alg, token_lifetime, token_lifetime_for_web,
         allow_offline_access, skip_consent_for_verifiable_first_party_clients, created_at)
       VALUES (@id, @name, @identifier, @scopes, @signing_alg, @token_lifetime, @token_lifetime_for_web,
         @allow_offline_access, @skip_consent_for_verifiable_first_party_clients, @created_at)
       ON CONFLICT (identifier) DO NOTHING`,
    ),
  );
  const remove = lazy(() => db.prepare('DELETE FROM resource_servers WHERE id = ?'));
  return {
    list: () => list().all().map(resourceServerFromRecord),
    find: (id) => {
      const row = find().get(id);
      return row && resourceServerFromRecord(row);
    },
    byIdentifier: (identifier) => {
      const row = byIdentifier().get(identifier);
      return row && resourceServerFromRecord(row);
    },
    insert: (server, now) => {
      const { is_system: _system, ...fields } = server as ResourceServer;
      return insert().run({ ...toColumns(fields), id: server.id, identifier: server.identifier, created_at: now }).changes === 1;
    },
    update(id, changes) {
      const columns = toColumns(changes);
      const keys = COLUMNS.filter((key) => key in columns);
      if (keys.length === 0) return;
      db.prepare(`UPDATE resource_servers SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({
        ...Object.fromEntries(keys.map((k) => [k, columns[k]])),
        id,
      });
    },
    remove: (id) => remove().run(id).changes === 1,
  };
}
