import { expect, it } from 'vitest';
import { loadPostgresMigrations, migratePostgres } from '../../../server/store/postgres/migrate.js';
import { createTestDatabase, describePostgres, testPool } from '../../helpers/postgres.js';

const MIGRATIONS = loadPostgresMigrations();
const VERSIONS = MIGRATIONS.map((migration) => migration.version);
const LATEST = Math.max(...VERSIONS);
/** Instances starting at once on an empty database. */
const RUNNERS = 5;

async function appliedRows(url: string): Promise<{ version: number; name: string }[]> {
  const pool = testPool(url, { max: 1 });
  try {
    return (await pool.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version')).rows;
  } finally {
    await pool.end();
  }
}

describePostgres('PostgreSQL migrations', () => {
  it('apply in order on an empty database and record each version once', async () => {
    const url = await createTestDatabase({ migrated: false });
    const pool = testPool(url, { max: 1 });
    expect(await migratePostgres(pool)).toEqual({ version: LATEST, applied: VERSIONS });
    await pool.end();
    expect(await appliedRows(url)).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
  });

  it('apply nothing when run again', async () => {
    const url = await createTestDatabase({ migrated: false });
    const pool = testPool(url, { max: 1 });
    await migratePostgres(pool);
    const tables = await pool.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'");
    expect(await migratePostgres(pool)).toEqual({ version: LATEST, applied: [] });
    expect((await pool.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'")).rows).toEqual(tables.rows);
    // 009 inserts the one database connection: a second run must not add another.
    expect((await pool.query('SELECT count(*)::int AS n FROM connections')).rows).toEqual([{ n: 1 }]);
  });

  it('are safe when several instances start at once on an empty database: each migration applies once', async () => {
    const url = await createTestDatabase({ migrated: false });
    const pools = Array.from({ length: RUNNERS }, () => testPool(url, { max: 1 }));
    const results = await Promise.all(pools.map((pool) => migratePostgres(pool)));
    for (const result of results) expect(result.version).toBe(LATEST);
    // Whoever got the lock first applied everything; the others found nothing left to do.
    expect(results.flatMap((result) => result.applied).sort((a, b) => a - b)).toEqual(VERSIONS);
    expect(results.filter((result) => result.applied.length > 0)).toHaveLength(1);
    expect((await appliedRows(url)).map((row) => row.version)).toEqual(VERSIONS);
    expect((await pools[0]!.query('SELECT count(*)::int AS n FROM connections')).rows).toEqual([{ n: 1 }]);
  });

  it('roll a failing migration back whole and name it', async () => {
    const url = await createTestDatabase({ migrated: false });
    const pool = testPool(url, { max: 1 });
    const broken = [...MIGRATIONS.slice(0, 1), { version: 2, name: '002-broken.sql', sql: 'CREATE TABLE half_done (id INT); SELECT * FROM no_such_table;' }];
    await expect(migratePostgres(pool, broken)).rejects.toThrow('PostgreSQL migration 002-broken.sql failed: relation "no_such_table" does not exist');
    expect((await pool.query("SELECT to_regclass('half_done') AS t")).rows).toEqual([{ t: null }]);
    expect(await appliedRows(url)).toEqual([{ version: 1, name: MIGRATIONS[0]!.name }]);
    // The lock was let go: a later run (another instance) is not blocked by the failed one.
    expect(await migratePostgres(pool, MIGRATIONS)).toEqual({ version: LATEST, applied: VERSIONS.slice(1) });
  });

  it('give an existing bootstrap admin grant the scopes later migrations add, each once, in order', async () => {
    const url = await createTestDatabase({ migrated: false });
    const pool = testPool(url, { max: 1 });
    await migratePostgres(pool, MIGRATIONS.filter((migration) => migration.version <= 3));
    await pool.query(
      `INSERT INTO clients (client_id, name, client_secret_enc, token_endpoint_auth_method, grant_types, is_bootstrap, created_at, updated_at)
       VALUES ('admin', 'Admin', 'x', 'client_secret_post', '[]', TRUE, 0, 0), ('other', 'Other', 'x', 'client_secret_post', '[]', FALSE, 0, 0)`,
    );
    // The admin grant already holds one of the scopes 006 adds: it must not appear twice.
    await pool.query(
      `INSERT INTO client_grants (id, client_id, audience, scope)
       VALUES ('cgr_admin', 'admin', 'tessera:management-api', '["read:users","read:log_streams"]'),
              ('cgr_other', 'other', 'tessera:management-api', '["read:users"]')`,
    );
    await migratePostgres(pool);
    const grants = await pool.query<{ client_id: string; scope: string }>('SELECT client_id, scope FROM client_grants ORDER BY client_id');
    expect(grants.rows.map((row) => [row.client_id, JSON.parse(row.scope)])).toEqual([
      ['admin', [
        'read:users', 'read:log_streams',
        'update:client_keys', 'read:resource_servers', 'create:resource_servers', 'update:resource_servers', 'delete:resource_servers',
        'create:log_streams', 'update:log_streams', 'delete:log_streams',
        'read:connections',
        'read:outbox',
        'read:email_templates', 'create:email_templates', 'update:email_templates',
        'read:client_credentials', 'create:client_credentials', 'update:client_credentials', 'delete:client_credentials',
      ]],
      ['other', ['read:users']],
    ]);
    const connection = await pool.query<{ id: string; name: string; strategy: string }>('SELECT id, name, strategy FROM connections');
    expect(connection.rows).toEqual([{ id: expect.stringMatching(/^con_[0-9a-f]{16}$/), name: 'Username-Password-Authentication', strategy: 'auth0' }]);
  });
});
