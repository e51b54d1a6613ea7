import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheStatements } from '../../../server/store/sqlite/db.js';

describe('cacheStatements', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = cacheStatements(new Database(':memory:'), 3);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
  });
  afterEach(() => db.close());

  it('prepares a statement once per text, and the shared statement runs with each call’s own parameters', () => {
    const insert = db.prepare('INSERT INTO t (name) VALUES (?)');
    expect(db.prepare('INSERT INTO t (name) VALUES (?)')).toBe(insert);
    db.prepare('INSERT INTO t (name) VALUES (?)').run('ada');
    db.prepare('INSERT INTO t (name) VALUES (?)').run('grace');
    expect(db.prepare('SELECT name FROM t ORDER BY id').all()).toEqual([{ name: 'ada' }, { name: 'grace' }]);
    expect(db.prepare('SELECT name FROM t WHERE id = ?').get(2)).toEqual({ name: 'grace' });
  });

  it('keeps the most recently used statements, letting the oldest go past its size', () => {
    const first = db.prepare('SELECT 1');
    const second = db.prepare('SELECT 2');
    db.prepare('SELECT 1'); // used again: now the newest
    db.prepare('SELECT 3');
    db.prepare('SELECT 4'); // the fourth text: SELECT 2, the least recently used, goes
    expect(db.prepare('SELECT 1')).toBe(first);
    expect(db.prepare('SELECT 2')).not.toBe(second);
    expect(db.prepare('SELECT 2').pluck().get()).toBe(2);
  });

  it('still reports SQL errors at prepare time, and caches nothing for them', () => {
    expect(() => db.prepare('SELECT FROM nowhere')).toThrow(/syntax error/);
    expect(() => db.prepare('SELECT FROM nowhere')).toThrow(/syntax error/);
  });
});
