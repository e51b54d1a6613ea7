import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootstrapTenant } from '../../../server/bootstrap.js';
import { systemRandom } from '../../../server/crypto/random.js';
import { createSecretBox } from '../../../server/crypto/secret-box.js';
import { loadMigrations, migrate } from '../../../server/store/sqlite/db.js';
import { openSqliteStore } from '../../../server/store/sqlite/index.js';
import { MANAGEMENT_AUDIENCE_KEY, MANAGEMENT_SCOPES } from '../../../server/scopes.js';
import { fixedClock } from '../../helpers/clock.js';
import { ADMIN, TENANT_NAME } from '../../helpers/server.js';

/** The newest migration: a full migrate ends there. */
const LATEST = Math.max(...loadMigrations().map((migration) => migration.version));

/** Scopes added after 003: a tenant created before them has an admin grant without them. */
const NEW_SCOPES = ['update:client_keys', 'read:resource_servers', 'create:resource_servers', 'update:resource_servers', 'delete:resource_servers'];
const BEFORE_004 = loadMigrations().filter((migration) => migration.version <= 3);

const grantScope = (db: Database.Database, clientId: string): string[] =>
  JSON.parse(
    db.prepare<[string, string], { scope: string }>('SELECT scope FROM client_grants WHERE client_id = ? AND audience = ?').get(clientId, MANAGEMENT_AUDIENCE_KEY)?.scope ?? 'null',
  ) as string[];

describe('migration 004: an existing tenant keeps a complete admin client', () => {
  let db: Database.Database;
  beforeEach(async () => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, BEFORE_004);
    await bootstrapTenant({ store: openSqliteStore(db), secrets: createSecretBox(Buffer.alloc(32, 7), systemRandom), clock: fixedClock(), random: systemRandom, tenantName: TENANT_NAME, admin: ADMIN });
    // As a tenant bootstrapped before the new scopes existed: the admin grant lacks them.
    const old = MANAGEMENT_SCOPES.filter((scope) => !NEW_SCOPES.includes(scope));
    db.prepare('UPDATE client_grants SET scope = ?').run(JSON.stringify(old));
    db.prepare(
      `INSERT INTO clients (client_id, name, client_secret_enc, token_endpoint_auth_method, grant_types, callbacks, is_bootstrap, created_at, updated_at)
       VALUES ('other', 'Other', 'x', 'client_secret_post', '["client_credentials"]', '[]', 0, 0, 0)`,
    ).run();
    db.prepare(`INSERT INTO client_grants (id, client_id, audience, scope) VALUES ('cgr_other', 'other', ?, '["update:clients"]')`).run(MANAGEMENT_AUDIENCE_KEY);
  });
  afterEach(() => db.close());

  it('adds the new scopes to the bootstrap admin grant only, once', () => {
    migrate(db);
    expect(grantScope(db, ADMIN.clientId)).toEqual([...MANAGEMENT_SCOPES.filter((scope) => !NEW_SCOPES.includes(scope)), ...NEW_SCOPES]);
    expect(new Set(grantScope(db, ADMIN.clientId))).toEqual(new Set(MANAGEMENT_SCOPES));
    // Another client that held update:clients gains nothing: that was the hole.
    expect(grantScope(db, 'other')).toEqual(['update:clients']);
  });

  it('does not repeat a scope the admin grant already holds', () => {
    db.prepare('UPDATE client_grants SET scope = ? WHERE client_id = ?').run(JSON.stringify(MANAGEMENT_SCOPES), ADMIN.clientId);
    migrate(db);
    expect(grantScope(db, ADMIN.clientId)).toEqual([...MANAGEMENT_SCOPES]);
  });
});

describe('migration 006: log streams and alerts', () => {
  const STREAM_SCOPES = ['read:log_streams', 'create:log_streams', 'update:log_streams', 'delete:log_streams'];
  let db: Database.Database;
  beforeEach(async () => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, loadMigrations().filter((migration) => migration.version <= 5));
    await bootstrapTenant({ store: openSqliteStore(db), secrets: createSecretBox(Buffer.alloc(32, 7), systemRandom), clock: fixedClock(), random: systemRandom, tenantName: TENANT_NAME, admin: ADMIN });
    db.prepare('UPDATE client_grants SET scope = ?').run(JSON.stringify(MANAGEMENT_SCOPES.filter((scope) => !STREAM_SCOPES.includes(scope))));
  });
  afterEach(() => db.close());

  it('gives the bootstrap admin grant the log-stream scopes once, and starts with no streams and default alerts', () => {
    expect(migrate(db)).toBe(LATEST);
    expect(grantScope(db, ADMIN.clientId)).toEqual([...MANAGEMENT_SCOPES.filter((scope) => !STREAM_SCOPES.includes(scope)), ...STREAM_SCOPES]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM log_streams').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT alerts FROM tenant').get()).toEqual({ alerts: '{}' });
  });
});

describe('migration 007: a log stream’s last error', () => {
  it('keeps existing streams, with no last error until a delivery fails', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, loadMigrations().filter((migration) => migration.version <= 6));
      db.prepare(
        `INSERT INTO log_streams (id, name, type, status, sink, authorization_enc, cursor_seq, failing_since, created_at)
         VALUES ('lst_1', 'SIEM', 'http', 'active', '{}', NULL, 3, NULL, 1)`,
      ).run();
      expect(migrate(db)).toBe(LATEST);
      expect(db.prepare('SELECT id, cursor_seq, last_error_at, last_error FROM log_streams').all()).toEqual([{ id: 'lst_1', cursor_seq: 3, last_error_at: null, last_error: null }]);
    } finally {
      db.close();
    }
  });
});

describe('migration 008: log stream filters', () => {
  it('keeps existing streams with no filters (they send every event)', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, loadMigrations().filter((migration) => migration.version <= 7));
      db.prepare(
        `INSERT INTO log_streams (id, name, type, status, sink, authorization_enc, cursor_seq, failing_since, created_at)
         VALUES ('lst_1', 'SIEM', 'http', 'active', '{}', NULL, 3, NULL, 1)`,
      ).run();
      expect(migrate(db)).toBe(LATEST);
      expect(db.prepare('SELECT id, cursor_seq, filters FROM log_streams').all()).toEqual([{ id: 'lst_1', cursor_seq: 3, filters: null }]);
    } finally {
      db.close();
    }
  });
});

describe('migration 009: the database connection', () => {
  it('gives the connection a con_ id once and the bootstrap admin grant read:connections once', async () => {
    const db = new Database(':memory:');
    try {
      migrate(db, loadMigrations().filter((migration) => migration.version <= 8));
      await bootstrapTenant({ store: openSqliteStore(db), secrets: createSecretBox(Buffer.alloc(32, 7), systemRandom), clock: fixedClock(), random: systemRandom, tenantName: TENANT_NAME, admin: ADMIN });
      const before = MANAGEMENT_SCOPES.filter((scope) => scope !== 'read:connections');
      db.prepare('UPDATE client_grants SET scope = ?').run(JSON.stringify(before));
      expect(migrate(db)).toBe(LATEST);
      expect(grantScope(db, ADMIN.clientId)).toEqual([...before, 'read:connections']);
      const connections = db.prepare('SELECT id, name, strategy FROM connections').all() as { id: string }[];
      expect(connections).toEqual([{ id: expect.stringMatching(/^con_[0-9a-f]{16}$/), name: 'Username-Password-Authentication', strategy: 'auth0' }]);
      expect(migrate(db)).toBe(LATEST);
      expect(db.prepare('SELECT id FROM connections').all()).toEqual([{ id: connections[0]?.id }]);
    } finally {
      db.close();
    }
  });
});

describe('migration 010: import and export jobs', () => {
  it('keeps existing reset jobs, with zero import counts', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, loadMigrations().filter((migration) => migration.version <= 9));
      db.prepare(`INSERT INTO jobs (id, type, status, params, total, processed, results, created_at) VALUES ('job_1', 'mfa_reset', 'completed', '{}', 2, 2, '[]', 1)`).run();
      expect(migrate(db)).toBe(LATEST);
      expect(db.prepare('SELECT id, processed, inserted, updated, failed FROM jobs').all()).toEqual([{ id: 'job_1', processed: 2, inserted: 0, updated: 0, failed: 0 }]);
    } finally {
      db.close();
    }
  });
});
