import type { Database } from 'better-sqlite3';
import type { Synchronous } from './synchronous.js';
import type { LogStreamRepo } from '../log-streams.js';
import { filtersColumn, fromRow, type LogStreamRecord as Row } from '../records/log-streams.js';

export function logStreamRepo(db: Database): Synchronous<LogStreamRepo> {
  // Prepared on first use: a store may be built over a database one migration behind (bootstrap's tests).
  const find = (id: string) => db.prepare<[string], Row>('SELECT * FROM log_streams WHERE id = ?').get(id);
  const recordFailure = (id: string, now: number, suspendAfterMs: number, message: string) =>
    db.transaction(() => {
      // Only an active stream's failures count: time spent paused is not time spent failing.
      db.prepare("UPDATE log_streams SET failing_since = COALESCE(failing_since, ?), last_error_at = ?, last_error = ? WHERE id = ? AND status = 'active'").run(now, now, message, id);
      db.prepare("UPDATE log_streams SET status = 'suspended' WHERE id = ? AND status = 'active' AND ? - failing_since >= ?").run(id, now, suspendAfterMs);
      return find(id)?.status;
    })();
  return {
    all: () => db.prepare<[], Row>('SELECT * FROM log_streams ORDER BY created_at, rowid').all().map(fromRow),
    find: (id) => {
      const row = find(id);
      return row ? fromRow(row) : undefined;
    },
    count: () => db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM log_streams').get()?.n ?? 0,
    lastLogSeq: () => db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM logs').get()?.seq ?? 0,
    insert(stream) {
      db.prepare(
        `INSERT INTO log_streams (id, name, type, status, sink, filters, authorization_enc, cursor_seq, failing_since, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(stream.id, stream.name, stream.type, stream.status, JSON.stringify(stream.sink), filtersColumn(stream.filters), stream.authorizationEnc, stream.cursorSeq, stream.failingSince, stream.createdAt);
    },
    update(stream) {
      db.prepare('UPDATE log_streams SET name = ?, status = ?, sink = ?, filters = ?, authorization_enc = ?, failing_since = ? WHERE id = ?').run(
        stream.name,
        stream.status,
        JSON.stringify(stream.sink),
        filtersColumn(stream.filters),
        stream.authorizationEnc,
        stream.failingSince,
        stream.id,
      );
    },
    remove: (id) => db.prepare('DELETE FROM log_streams WHERE id = ?').run(id).changes === 1,
    advance: (id, from, to) =>
      db.prepare('UPDATE log_streams SET cursor_seq = ?, failing_since = NULL, last_error_at = NULL, last_error = NULL WHERE id = ? AND cursor_seq = ?').run(to, id, from).changes === 1,
    recordFailure: (id, now, suspendAfterMs, message) => recordFailure(id, now, suspendAfterMs, message),
  };
}
