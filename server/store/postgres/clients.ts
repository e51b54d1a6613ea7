import { prepared, type PreparedStatement, type Queryable } from './queryable.js';
import type { ClientRow, ClientGrantRow, ClientRepo, ClientCredentialRow } from '../clients.js';

const UPDATABLE = ['name', 'description', 'app_type', 'client_secret_enc', 'token_endpoint_auth_method', 'grant_types', 'callbacks', 'updated_at'] as const;

/** A clients row as PostgreSQL holds it: lists as JSON text. */
type ClientRecord = Omit<ClientRow, 'grant_types' | 'callbacks'> & { grant_types: string; callbacks: string };
type GrantRecord = Omit<ClientGrantRow, 'scope'> & { scope: string };

const fromRecord = (row: ClientRecord): ClientRow => ({
  ...row,
  grant_types: JSON.parse(row.grant_types) as string[],
  callbacks: JSON.parse(row.callbacks) as string[],
});
const grantFromRecord = (row: GrantRecord): ClientGrantRow => ({ ...row, scope: JSON.parse(row.scope) as string[] });

/** A field's stored value: lists as JSON text, the rest as they are. */
const stored = (value: unknown) => (Array.isArray(value) ? JSON.stringify(value) : value);

const FIND = prepared('SELECT * FROM clients WHERE client_id = $1');
const GRANT = prepared('SELECT * FROM client_grants WHERE client_id = $1 AND audience = $2');
// ON CONFLICT waits for a parallel insert of the same key and then inserts nothing, where a plain INSERT
// fails with unique_violation (https://www.postgresql.org/docs/current/sql-insert.html#SQL-ON-CONFLICT).
// Inside a SERIALIZABLE transaction a conflicting row its snapshot cannot see is a serialization failure
// instead, which the store retries; the retry sees the row and inserts nothing.
const INSERT_GRANT = prepared('INSERT INTO client_grants (id, client_id, audience, scope) VALUES ($1, $2, $3, $4) ON CONFLICT (client_id, audience) DO NOTHING');
/** Expired assertion ids dropped per new one: more than one, so the table shrinks after a burst. */
const JTI_PURGE_BATCH = 10;
// SKIP LOCKED: parallel purges take disjoint rows instead of waiting on, or deadlocking with, each other.
const PURGE_JTIS = prepared('DELETE FROM client_assertion_jtis WHERE digest IN (SELECT digest FROM client_assertion_jtis WHERE expires_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)');
// As INSERT_GRANT above: a parallel insert of the same digest waits for this one and then updates nothing,
// unless the row it finds has expired.
const CONSUME_JTI = prepared(
  `INSERT INTO client_assertion_jtis (digest, expires_at) VALUES ($1, $2)
   ON CONFLICT (digest) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE client_assertion_jtis.expires_at < $3`,
);
const CREDENTIALS = prepared('SELECT * FROM client_credentials WHERE client_id = $1 ORDER BY created_at, id COLLATE "C"');

export function clientRepo(q: Queryable): ClientRepo {
  const oneGrant = async (statement: string | PreparedStatement, values: unknown[]) => {
    const row = (await q.query<GrantRecord>(statement, values)).rows[0];
    return row && grantFromRecord(row);
  };
  return {
    find: async (clientId) => {
      const row = (await q.query<ClientRecord>(FIND, [clientId])).rows[0];
      return row && fromRecord(row);
    },
    async page(offset, limit) {
      // COLLATE "C": ties on created_at break on client_id in the byte order SQLite compares text in.
      const clients = (await q.query<ClientRecord>('SELECT * FROM clients ORDER BY created_at, client_id COLLATE "C" LIMIT $1 OFFSET $2', [limit, offset])).rows.map(fromRecord);
      const total = (await q.query<{ n: number }>('SELECT COUNT(*) AS n FROM clients')).rows[0]?.n ?? 0;
      return { clients, total };
    },
    async insert(row) {
      await q.query(
        `INSERT INTO clients (client_id, name, description, app_type, client_secret_enc, token_endpoint_auth_method,
           grant_types, callbacks, is_bootstrap, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [row.client_id, row.name, row.description, row.app_type, row.client_secret_enc, row.token_endpoint_auth_method,
          stored(row.grant_types), stored(row.callbacks), row.is_bootstrap, row.created_at, row.updated_at],
      );
    },
    async update(clientId, fields) {
      // Column names come from the fixed list; only values are bound.
      const keys = UPDATABLE.filter((key) => fields[key] !== undefined);
      if (keys.length === 0) return;
      const sets = keys.map((key, i) => `${key} = $${i + 1}`).join(', ');
      await q.query(`UPDATE clients SET ${sets} WHERE client_id = $${keys.length + 1}`, [...keys.map((key) => stored(fields[key])), clientId]);
    },
    remove: async (clientId) => (await q.query('DELETE FROM clients WHERE client_id = $1', [clientId])).rowCount === 1,
    grants: async () =>
      (await q.query<GrantRecord>('SELECT * FROM client_grants ORDER BY client_id COLLATE "C", audience COLLATE "C"')).rows.map(grantFromRecord),
    grant: (clientId, audience) => oneGrant(GRANT, [clientId, audience]),
    findGrant: (id) => oneGrant('SELECT * FROM client_grants WHERE id = $1', [id]),
    insertGrant: async (row) => (await q.query(INSERT_GRANT, [row.id, row.client_id, row.audience, JSON.stringify(row.scope)])).rowCount === 1,
    async updateGrantScope(id, scope) {
      await q.query('UPDATE client_grants SET scope = $1 WHERE id = $2', [JSON.stringify(scope), id]);
    },
    removeGrant: async (id) => (await q.query('DELETE FROM client_grants WHERE id = $1', [id])).rowCount === 1,
    credentials: async (clientId) => (await q.query<ClientCredentialRow>(CREDENTIALS, [clientId])).rows,
    findCredential: async (clientId, id) => (await q.query<ClientCredentialRow>('SELECT * FROM client_credentials WHERE client_id = $1 AND id = $2', [clientId, id])).rows[0],
    async insertCredential(row) {
      await q.query(
        `INSERT INTO client_credentials (id, client_id, name, kid, alg, public_key_pem, enabled, created_at, updated_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [row.id, row.client_id, row.name, row.kid, row.alg, row.public_key_pem, row.enabled, row.created_at, row.updated_at, row.expires_at],
      );
    },
    updateCredential: async (clientId, id, fields) =>
      (await q.query('UPDATE client_credentials SET expires_at = $1, updated_at = $2 WHERE client_id = $3 AND id = $4', [fields.expires_at, fields.updated_at, clientId, id])).rowCount === 1,
    removeCredential: async (clientId, id) => (await q.query('DELETE FROM client_credentials WHERE client_id = $1 AND id = $2', [clientId, id])).rowCount === 1,
    async enableCredentials(clientId, ids) {
      await q.query('UPDATE client_credentials SET enabled = (id = ANY($1::text[])) WHERE client_id = $2', [[...ids], clientId]);
    },
    async consumeAssertionId(digest, expiresAt, now) {
      await q.query(PURGE_JTIS, [now, JTI_PURGE_BATCH]);
      return (await q.query(CONSUME_JTI, [digest, expiresAt, now])).rowCount === 1;
    },
  };
}
