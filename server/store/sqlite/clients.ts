import type { Database } from 'better-sqlite3';
import type { Synchronous } from './synchronous.js';
import type { ClientRow, ClientGrantRow, ClientRepo } from '../clients.js';

const UPDATABLE = ['name', 'description', 'app_type', 'client_secret_enc', 'token_endpoint_auth_method', 'grant_types', 'callbacks', 'updated_at'] as const;

export function clientRepo(db: Database): Synchronous<ClientRepo> {
  return {
    find: (clientId) => db.prepare<[string], ClientRow>('SELECT * FROM clients WHERE client_id = ?').get(clientId),
    page(offset, limit) {
      const clients = db.prepare<[number, number], ClientRow>('SELECT * FROM clients ORDER BY created_at, client_id LIMIT ? OFFSET ?').all(limit, offset);
      const total = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM clients').get()?.n ?? 0;
      return { clients, total };
    },
    insert(row) {
      db.prepare(
        `INSERT INTO clients (client_id, name, description, app_type, client_secret_enc, token_endpoint_auth_method,
           grant_types, callbacks, is_bootstrap, created_at, updated_at)
         VALUES (@client_id, @name, @description, @app_type, @client_secret_enc, @token_endpoint_auth_method,
           @grant_types, @callbacks, @is_bootstrap, @created_at, @updated_at)`,
      ).run(row);
    },
    update(clientId, fields) {
      const keys = UPDATABLE.filter((key) => fields[key] !== undefined);
      if (keys.length === 0) return;
      db.prepare(`UPDATE clients SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE client_id = @client_id`).run({
        ...Object.fromEntries(keys.map((k) => [k, fields[k]])),
        client_id: clientId,
      });
    },
    remove: (clientId) => db.prepare('DELETE FROM clients WHERE client_id = ?').run(clientId).changes === 1,
    grants: () => db.prepare<[], ClientGrantRow>('SELECT * FROM client_grants ORDER BY client_id, audience').all(),
    grant: (clientId, audience) =>
      db.prepare<[string, string], ClientGrantRow>('SELECT * FROM client_grants WHERE client_id = ? AND audience = ?').get(clientId, audience),
    findGrant: (id) => db.prepare<[string], ClientGrantRow>('SELECT * FROM client_grants WHERE id = ?').get(id),
    insertGrant(row) {
      db.prepare('INSERT INTO client_grants (id, client_id, audience, scope) VALUES (@id, @client_id, @audience, @scope)').run(row);
    },
    updateGrantScope(id, scope) {
      db.prepare('UPDATE client_grants SET scope = ? WHERE id = ?').run(scope, id);
    },
    removeGrant: (id) => db.prepare('DELETE FROM client_grants WHERE id = ?').run(id).changes === 1,
  };
}
