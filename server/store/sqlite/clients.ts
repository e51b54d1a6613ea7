import type { Database } from 'better-sqlite3';
import type { Synchronous } from './synchronous.js';
import type { ClientRow, ClientGrantRow, ClientRepo, ClientCredentialRow } from '../clients.js';

const UPDATABLE = ['name', 'description', 'app_type', 'client_secret_enc', 'token_endpoint_auth_method', 'grant_types', 'callbacks', 'updated_at'] as const;

/** A clients row as SQLite holds it: lists as JSON text, the flag as 0/1. */
interface ClientRecord extends Omit<ClientRow, 'grant_types' | 'callbacks' | 'is_bootstrap'> {
  grant_types: string;
  callbacks: string;
  is_bootstrap: number;
}
type GrantRecord = Omit<ClientGrantRow, 'scope'> & { scope: string };

const fromRecord = (row: ClientRecord): ClientRow => ({
  ...row,
  grant_types: JSON.parse(row.grant_types) as string[],
  callbacks: JSON.parse(row.callbacks) as string[],
  is_bootstrap: row.is_bootstrap === 1,
});
const grantFromRecord = (row: GrantRecord): ClientGrantRow => ({ ...row, scope: JSON.parse(row.scope) as string[] });
type CredentialRecord = Omit<ClientCredentialRow, 'enabled'> & { enabled: number };
const credentialFromRecord = (row: CredentialRecord): ClientCredentialRow => ({ ...row, enabled: row.enabled === 1 });
/** Expired assertion ids dropped per new one: more than one, so the table shrinks after a burst. */
const JTI_PURGE_BATCH = 10;

function columns(fields: Partial<ClientRow>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...fields };
  if (fields.grant_types !== undefined) out.grant_types = JSON.stringify(fields.grant_types);
  if (fields.callbacks !== undefined) out.callbacks = JSON.stringify(fields.callbacks);
  if (fields.is_bootstrap !== undefined) out.is_bootstrap = fields.is_bootstrap ? 1 : 0;
  return out;
}

export function clientRepo(db: Database): Synchronous<ClientRepo> {
  return {
    find: (clientId) => {
      const row = db.prepare<[string], ClientRecord>('SELECT * FROM clients WHERE client_id = ?').get(clientId);
      return row && fromRecord(row);
    },
    page(offset, limit) {
      const clients = db.prepare<[number, number], ClientRecord>('SELECT * FROM clients ORDER BY created_at, client_id LIMIT ? OFFSET ?').all(limit, offset).map(fromRecord);
      const total = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM clients').get()?.n ?? 0;
      return { clients, total };
    },
    insert(row) {
      db.prepare(
        `INSERT INTO clients (client_id, name, description, app_type, client_secret_enc, token_endpoint_auth_method,
           grant_types, callbacks, is_bootstrap, created_at, updated_at)
         VALUES (@client_id, @name, @description, @app_type, @client_secret_enc, @token_endpoint_auth_method,
           @grant_types, @callbacks, @is_bootstrap, @created_at, @updated_at)`,
      ).run(columns(row));
    },
    update(clientId, fields) {
      const keys = UPDATABLE.filter((key) => fields[key] !== undefined);
      if (keys.length === 0) return;
      const stored = columns(fields);
      db.prepare(`UPDATE clients SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE client_id = @client_id`).run({
        ...Object.fromEntries(keys.map((k) => [k, stored[k]])),
        client_id: clientId,
      });
    },
    remove: (clientId) => db.prepare('DELETE FROM clients WHERE client_id = ?').run(clientId).changes === 1,
    grants: () => db.prepare<[], GrantRecord>('SELECT * FROM client_grants ORDER BY client_id, audience').all().map(grantFromRecord),
    grant: (clientId, audience) => {
      const row = db.prepare<[string, string], GrantRecord>('SELECT * FROM client_grants WHERE client_id = ? AND audience = ?').get(clientId, audience);
      return row && grantFromRecord(row);
    },
    findGrant: (id) => {
      const row = db.prepare<[string], GrantRecord>('SELECT * FROM client_grants WHERE id = ?').get(id);
      return row && grantFromRecord(row);
    },
    insertGrant: (row) =>
      db
        .prepare('INSERT INTO client_grants (id, client_id, audience, scope) VALUES (@id, @client_id, @audience, @scope) ON CONFLICT (client_id, audience) DO NOTHING')
        .run({ ...row, scope: JSON.stringify(row.scope) }).changes === 1,
    updateGrantScope(id, scope) {
      db.prepare('UPDATE client_grants SET scope = ? WHERE id = ?').run(JSON.stringify(scope), id);
    },
    removeGrant: (id) => db.prepare('DELETE FROM client_grants WHERE id = ?').run(id).changes === 1,
    credentials: (clientId) =>
      db.prepare<[string], CredentialRecord>('SELECT * FROM client_credentials WHERE client_id = ? ORDER BY created_at, id').all(clientId).map(credentialFromRecord),
    findCredential: (clientId, id) => {
      const row = db.prepare<[string, string], CredentialRecord>('SELECT * FROM client_credentials WHERE client_id = ? AND id = ?').get(clientId, id);
      return row && credentialFromRecord(row);
    },
    insertCredential(row) {
      db.prepare(
        `INSERT INTO client_credentials (id, client_id, name, kid, alg, public_key_pem, enabled, created_at, updated_at, expires_at)
         VALUES (@id, @client_id, @name, @kid, @alg, @public_key_pem, @enabled, @created_at, @updated_at, @expires_at)`,
      ).run({ ...row, enabled: row.enabled ? 1 : 0 });
    },
    updateCredential: (clientId, id, fields) =>
      db.prepare('UPDATE client_credentials SET expires_at = ?, updated_at = ? WHERE client_id = ? AND id = ?').run(fields.expires_at, fields.updated_at, clientId, id).changes === 1,
    removeCredential: (clientId, id) => db.prepare('DELETE FROM client_credentials WHERE client_id = ? AND id = ?').run(clientId, id).changes === 1,
    enableCredentials(clientId, ids) {
      db.prepare('UPDATE client_credentials SET enabled = CASE WHEN id IN (SELECT value FROM json_each(?)) THEN 1 ELSE 0 END WHERE client_id = ?').run(JSON.stringify(ids), clientId);
    },
    consumeAssertionId(digest, expiresAt, now) {
      db.prepare('DELETE FROM client_assertion_jtis WHERE digest IN (SELECT digest FROM client_assertion_jtis WHERE expires_at < ? LIMIT ?)').run(now, JTI_PURGE_BATCH);
      // An expired row with this digest was just dropped or is replaced here: only an unexpired one refuses.
      return (
        db
          .prepare(
            `INSERT INTO client_assertion_jtis (digest, expires_at) VALUES (?, ?)
             ON CONFLICT (digest) DO UPDATE SET expires_at = excluded.expires_at WHERE client_assertion_jtis.expires_at < ?`,
          )
          .run(digest, expiresAt, now).changes === 1
      );
    },
  };
}
