import Database from 'better-sqlite3';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../../server/store/sqlite/db.js';
import { COORDINATION_TABLES, loadPostgresMigrations } from '../../../server/store/postgres/migrate.js';
import { createTestDatabase, describePostgres, testPool } from '../../helpers/postgres.js';

/**
 * Both stores' schemas after every migration, compared: a migration added to one store only, or a column
 * spelled or typed differently, fails here rather than in the store that forgot it.
 */

interface Column {
  table: string;
  column: string;
  /** SQLite's declared type; PostgreSQL's mapped back to it (BOOLEAN and BIGINT hold what SQLite's INTEGER holds). */
  type: string;
  notNull: boolean;
}

const SQLITE_TYPE_OF: Record<string, string> = {
  integer: 'INTEGER', bigint: 'INTEGER', boolean: 'INTEGER', text: 'TEXT', 'double precision': 'REAL', bytea: 'BLOB',
};

/**
 * Indexes that stand in for SQLite's `email … UNIQUE COLLATE NOCASE` and its automatic index: `users_email`
 * keeps e-mails unique ignoring case (001-init.sql), `users_email_folded` serves the user search's
 * ASCII-folded comparisons (014-email-search-index.sql), which SQLite's NOCASE index serves as it is.
 */
const POSTGRES_ONLY_INDEXES = ['users_email', 'users_email_folded'];

const byName = (a: Column, b: Column) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`);

function sqliteSchema() {
  const db = new Database(':memory:');
  try {
    migrate(db);
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
    const columns = tables.flatMap(({ name }) =>
      db.prepare<[string], { name: string; type: string; notnull: number; pk: number }>('SELECT name, type, "notnull", pk FROM pragma_table_info(?)').all(name)
        // A primary key column is NOT NULL in PostgreSQL whatever it says; SQLite's INTEGER PRIMARY KEY is the rowid.
        .map((column) => ({ table: name, column: column.name, type: column.type, notNull: column.notnull === 1 || column.pk > 0 })),
    );
    // Explicit indexes and triggers only: SQLite's automatic ones back UNIQUE and PRIMARY KEY constraints.
    const named = (type: string) => db.prepare<[string], { name: string }>('SELECT name FROM sqlite_schema WHERE type = ? AND sql IS NOT NULL ORDER BY name').all(type).map((row) => row.name);
    return { columns: columns.sort(byName), indexes: named('index'), triggers: named('trigger') };
  } finally {
    db.close();
  }
}

async function postgresSchema(pool: pg.Pool) {
  const columns = await pool.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
    `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
     WHERE table_schema = 'public' AND NOT (table_name = ANY($1))`,
    [COORDINATION_TABLES],
  );
  // Indexes that no constraint created (PRIMARY KEY and UNIQUE make their own, as in SQLite).
  const indexes = await pool.query<{ name: string }>(
    `SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
     WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY 1`,
  );
  const triggers = await pool.query<{ name: string }>("SELECT DISTINCT trigger_name AS name FROM information_schema.triggers WHERE trigger_schema = 'public' ORDER BY 1");
  return {
    columns: columns.rows
      .map((row) => ({ table: row.table_name, column: row.column_name, type: SQLITE_TYPE_OF[row.data_type] ?? row.data_type, notNull: row.is_nullable === 'NO' }))
      .sort(byName),
    indexes: indexes.rows.map((row) => row.name).filter((name) => !POSTGRES_ONLY_INDEXES.includes(name)),
    triggers: triggers.rows.map((row) => row.name),
  };
}

describePostgres('the SQLite and PostgreSQL schemas', () => {
  let pool: pg.Pool;
  beforeAll(async () => {
    pool = testPool(await createTestDatabase());
  });
  afterAll(() => pool.end());

  it('come from migrations with the same numbers and names', () => {
    expect(loadPostgresMigrations().map((migration) => migration.name)).toEqual(loadMigrations().map((migration) => migration.name));
  });

  it('have the same tables and columns, with matching types and NOT NULL', async () => {
    const sqlite = sqliteSchema();
    const postgres = await postgresSchema(pool);
    expect(new Set(postgres.columns.map((column) => column.table))).toEqual(new Set(sqlite.columns.map((column) => column.table)));
    expect(postgres.columns).toEqual(sqlite.columns);
  });

  it('have the same named indexes and triggers', async () => {
    const sqlite = sqliteSchema();
    const postgres = await postgresSchema(pool);
    expect(postgres.indexes).toEqual(sqlite.indexes);
    expect(postgres.triggers).toEqual(sqlite.triggers);
  });
});
