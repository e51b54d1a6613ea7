import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../../server/store/sqlite/db.js';

/**
 * Migration 017's count per log type on SQLite: it counts the entries already there, and its triggers
 * follow every statement that inserts, deletes or retypes entries, one row or many at once (the audit
 * insert may write several entries in one statement), so a type's sum is always its number of entries.
 */

const COUNTS = `SELECT type, SUM(n) AS n FROM log_type_counts GROUP BY type HAVING SUM(n) <> 0 ORDER BY type`;
const ACTUAL = 'SELECT type, COUNT(*) AS n FROM logs GROUP BY type ORDER BY type';

function insertLogs(db: Database.Database, types: string[], from: number): void {
  const values = types.map((_, i) => `('log_${from + i}', ?, ${from + i})`).join(', ');
  db.prepare(`INSERT INTO logs (log_id, type, date) VALUES ${values}`).run(...types);
}

describe('the count per log type on SQLite (migration 017)', () => {
  it('counts the entries written before the migration, then follows multi-row inserts, deletes and a changed type', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, loadMigrations().filter((migration) => migration.version < 17));
      insertLogs(db, ['s', 'f', 's', 'gd_auth_succeed'], 0);
      migrate(db);
      expect(db.prepare(COUNTS).all()).toEqual([{ type: 'f', n: 1 }, { type: 'gd_auth_succeed', n: 1 }, { type: 's', n: 2 }]);

      insertLogs(db, ['s', 's', 'seotpft', 'f', 'seotpft'], 10);
      db.prepare("DELETE FROM logs WHERE log_id IN ('log_0', 'log_1', 'log_12')").run();
      db.prepare("UPDATE logs SET type = 'fp' WHERE log_id = 'log_13'").run();
      db.prepare("UPDATE logs SET description = 'unchanged type' WHERE log_id = 'log_14'").run();
      expect(db.prepare(COUNTS).all()).toEqual(db.prepare(ACTUAL).all());
      expect(db.prepare(COUNTS).all()).toEqual([{ type: 'fp', n: 1 }, { type: 'gd_auth_succeed', n: 1 }, { type: 's', n: 3 }, { type: 'seotpft', n: 1 }]);

      db.prepare('DELETE FROM logs').run();
      expect(db.prepare(COUNTS).all()).toEqual([]);
    } finally {
      db.close();
    }
  });
});
