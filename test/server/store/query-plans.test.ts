import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openDatabase } from '../../../server/store/sqlite/db.js';

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
