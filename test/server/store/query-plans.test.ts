import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { loadMigrations, migrate, openDatabase } from '../../../server/store/sqlite/db.js';

/** SQLite's plan for `sql`: one line per step (`SCAN t` reads every row, `SEARCH t USING INDEX …` does not). */
const plan = (db: Database.Database, sql: string, ...params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail);

describe('the SQLite schema serves the store’s queries with indexes', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });
  afterEach(() => db.close());

  it.each([
    ['the user page', 'SELECT * FROM users ORDER BY created_at, user_id LIMIT 50 OFFSET 0'],
    ['a user’s refresh tokens', 'UPDATE refresh_tokens SET revoked_at = 1 WHERE user_id = ? AND revoked_at IS NULL', 'u'],
    ['expired MFA transactions', 'DELETE FROM mfa_transactions WHERE expires_at < ?', 1],
    ['expired one-time codes', 'DELETE FROM oob_codes WHERE expires_at < ?', 1],
    ['a user’s push devices', 'SELECT * FROM push_devices WHERE user_id = ? ORDER BY created_at', 'u'],
    ['unfinished jobs', "SELECT * FROM jobs WHERE status IN ('pending', 'processing') ORDER BY created_at, rowid"],
    ['a user’s audit log', 'SELECT * FROM logs WHERE user_id = ? ORDER BY seq', 'u'],
  ])('%s', (_name, sql, ...params) => {
    expect(plan(db, sql, ...params).filter((step) => /^SCAN /.test(step) && !/USING (COVERING )?INDEX/.test(step))).toEqual([]);
  });

  it('has statistics after migrating (ANALYZE ran)', () => {
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'").get()).toEqual({ name: 'sqlite_stat1' });
  });
});

describe('the statistics SQLite plans by: row counts, no value samples', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-stat4-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A database with users and mfa transactions in it, migrated up to (not including) `before`. */
  function populated(before = Infinity): Database.Database {
    const db = new Database(join(dir, 'tessera.db'));
    migrate(db, loadMigrations().filter((migration) => migration.version < before));
    const user = db.prepare("INSERT INTO users (user_id, email, password_hash, created_at, updated_at) VALUES (?, ?, 'x', ?, ?)");
    const transaction = db.prepare("INSERT INTO mfa_transactions (token_digest, user_id, client_id, audience, scope, created_at, expires_at) VALUES (?, ?, 'c', 'a', 's', 1, 2)");
    db.transaction(() => {
      for (let i = 0; i < 300; i++) {
        user.run(`auth0|u${i}`, `u${i}@example.com`, i, i);
        transaction.run(`digest-${i}`, `auth0|u${i}`);
      }
    })();
    return db;
  }
  const counts = (db: Database.Database) => ({
    stat1: (db.prepare("SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl IN ('users', 'mfa_transactions')").get() as { n: number }).n > 0,
    stat4: (db.prepare('SELECT count(*) AS n FROM sqlite_stat4').get() as { n: number }).n,
  });

  it('keeps the row counts and no samples when a migration runs on a database with rows', () => {
    const latest = loadMigrations().at(-1)!.version;
    const db = populated(latest);
    expect(migrate(db)).toBe(latest);
    expect(counts(db)).toEqual({ stat1: true, stat4: 0 });
    db.close();
  });

  it('drops the samples an earlier version\'s ANALYZE stored, when it opens the database', () => {
    const db = populated();
    db.exec('ANALYZE');
    // Not blind: this SQLite does store samples.
    expect(counts(db).stat4).toBeGreaterThan(0);
    db.close();
    const reopened = openDatabase(join(dir, 'tessera.db'));
    expect(counts(reopened)).toEqual({ stat1: true, stat4: 0 });
    reopened.close();
  });
});
