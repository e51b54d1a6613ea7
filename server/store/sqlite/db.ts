import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Numbered SQL files `NNN-name.sql`, in order. */
export function loadMigrations(dir: URL = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{3}-[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 3)), name: file, sql: readFileSync(new URL(file, dir), 'utf8') }));
}

/**
 * better-sqlite3 builds SQLite with SQLITE_ENABLE_STAT4, so `ANALYZE` also stores samples of index values
 * (`sqlite_stat4`). A statement whose plan consulted them for a bound parameter is compiled again every
 * time that parameter's value changes ("the statement will be automatically recompiled",
 * https://www.sqlite.org/c3ref/prepare.html): on a database analyzed with rows in it, the lookup of an
 * mfa_token joined with its user took ~10 µs of CPU instead of ~3, on every request. The row counts in
 * `sqlite_stat1` are kept; the samples are dropped, also from a database an earlier version analyzed.
 */
function dropValueSamples(db: Database.Database): void {
  if (!db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat4'").get()) return;
  if (!db.prepare('SELECT 1 FROM sqlite_stat4 LIMIT 1').get()) return;
  // `ANALYZE sqlite_schema` makes the planner load the statistics again, now without samples.
  db.exec('DELETE FROM sqlite_stat4; ANALYZE sqlite_schema');
}

/**
 * Applies pending migrations, each in its own transaction; `PRAGMA user_version` records the last one.
 * After any, `ANALYZE` refreshes the statistics the query planner picks indexes by (a new index has none),
 * without value samples (`dropValueSamples`).
 */
export function migrate(db: Database.Database, migrations: Migration[] = loadMigrations()): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = migrations.filter((migration) => migration.version > current);
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  if (pending.length > 0) db.exec('ANALYZE');
  dropValueSamples(db);
  return db.pragma('user_version', { simple: true }) as number;
}

/** Distinct statements kept prepared; beyond it the least recently used is let go (queries built from filters vary). */
export const STATEMENT_CACHE_SIZE = 500;

/**
 * Makes `db.prepare(sql)` answer the statement it prepared before for the same text: the store prepares
 * its SQL where it runs it (a code check prepared ~14 statements per request), and compiling SQL is
 * most of a short query's cost. Safe because the store never changes a statement's mode (`pluck`,
 * `raw`, `expand`) and never iterates one, the two ways a shared statement could be disturbed.
 */
export function cacheStatements(db: Database.Database, size = STATEMENT_CACHE_SIZE): Database.Database {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  const cached = (source: string): Database.Statement => {
    let statement = cache.get(source);
    if (statement) {
      // Most recently used last, so the first key is the one to let go.
      cache.delete(source);
    } else {
      statement = prepare(source);
      if (cache.size >= size) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  };
  db.prepare = cached as typeof db.prepare;
  return db;
}

/** Opens (creating if needed) the database at `path` (or `:memory:`), configured, migrated, and caching its statements. */
export function openDatabase(path: string): Database.Database {
  const db = cacheStatements(new Database(path));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}
