import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The authenticator's own database in the data folder, apart from the embedded server's: the server
 * may be off or absent (the CLI), and the two never share rows. Seeds are sealed (seed-cipher.ts);
 * names, parameters and HOTP counters are not secret and stay queryable.
 */
export const VAULT_DB_FILE = 'authenticator.sqlite';

const MIGRATIONS = [
  `CREATE TABLE vault_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
   CREATE TABLE accounts (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('totp', 'hotp', 'steam')),
     issuer TEXT NOT NULL,
     label TEXT NOT NULL,
     algorithm TEXT NOT NULL CHECK (algorithm IN ('SHA1', 'SHA256', 'SHA512')),
     digits INTEGER NOT NULL,
     period INTEGER NOT NULL,
     counter INTEGER CHECK ((kind = 'hotp') = (counter IS NOT NULL) AND (counter IS NULL OR counter >= 0)),
     colour TEXT,
     icon TEXT,
     group_name TEXT,
     pinned INTEGER NOT NULL DEFAULT 0,
     sort_order INTEGER NOT NULL,
     sealed_secret BLOB NOT NULL,
     created_at TEXT NOT NULL
   ) STRICT;`,
  // The trash (a removed account keeps its sealed seed here, encrypted like any other, until purged)
  // and use counts for "most used" sorting.
  `ALTER TABLE accounts ADD COLUMN removed_at TEXT;
   ALTER TABLE accounts ADD COLUMN use_count INTEGER NOT NULL DEFAULT 0 CHECK (use_count >= 0);
   ALTER TABLE accounts ADD COLUMN last_used_at TEXT;`,
];

/** Opens (creating if needed) the vault database; `PRAGMA user_version` counts applied migrations. */
export function openVaultDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, VAULT_DB_FILE);
  const db = new Database(file);
  try {
    chmodSync(file, 0o600);
  } catch {
    // Windows ignores POSIX modes; the profile folder's ACL applies there.
  }
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  const applied = db.pragma('user_version', { simple: true }) as number;
  MIGRATIONS.slice(applied).forEach((sql, index) => db.transaction(() => {
    db.exec(sql);
    db.pragma(`user_version = ${applied + index + 1}`);
  })());
  return db;
}

export function vaultKeyMarker(db: Database.Database) {
  return {
    read: () => (db.prepare('SELECT value FROM vault_meta WHERE name = ?').pluck().get('vault_key_check') as string | undefined) ?? null,
    write: (check: string) => void db.prepare('INSERT OR REPLACE INTO vault_meta (name, value) VALUES (?, ?)').run('vault_key_check', check),
  };
}
