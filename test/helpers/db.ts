import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { openDatabase } from '../../server/store/sqlite/db.js';
import { openSqliteStore } from '../../server/store/sqlite/index.js';
import type { Store } from '../../server/store/index.js';

/** The bytes of a database with every migration applied, made once per test process. */
let migratedImage: Buffer | undefined;

/**
 * `openDatabase(path)` for a path that does not exist yet, without running the migrations again: the
 * file starts as a copy of a database they already ran on, so `openDatabase` finds nothing to apply.
 * Hundreds of servers per run each ran all of them (a third of building one); the migrations
 * themselves are tested on real upgrades in test/server/store/sqlite/migrations.test.ts.
 */
export function openFreshDatabase(path: string): Database.Database {
  if (!migratedImage) {
    const template = openDatabase(':memory:');
    try {
      migratedImage = template.serialize();
    } finally {
      template.close();
    }
  }
  writeFileSync(path, migratedImage, { flag: 'wx' });
  return openDatabase(path);
}

/** `openFreshDatabase` as the store a server is built on. */
export function openFreshStore(path: string): Store {
  return openSqliteStore(openFreshDatabase(path));
}

/** Runs `read` on a second, read-only connection to the test server's database file (never the server's own). */
export function readDb<T>(server: { dbPath: string }, read: (db: Database.Database) => T): T {
  const db = new Database(server.dbPath, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Every row `sql` selects, read as `readDb` does. */
export function rows<T = Record<string, unknown>>(server: { dbPath: string }, sql: string, ...params: unknown[]): T[] {
  return readDb(server, (db) => db.prepare(sql).all(...params) as T[]);
}
