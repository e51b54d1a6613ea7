import Database from 'better-sqlite3';

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
