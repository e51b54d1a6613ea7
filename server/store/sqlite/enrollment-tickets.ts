import type { Database } from 'better-sqlite3';
import type { Synchronous } from './synchronous.js';
import type { TicketRow, EnrollmentSessionRow, TicketRepo } from '../enrollment-tickets.js';

export function ticketRepo(db: Database): Synchronous<TicketRepo> {
  return {
    insert(row) {
      db.prepare(
        `INSERT INTO enrollment_tickets (ticket_digest, user_id, factor, allow_multiple, created_at, expires_at, used_at)
         VALUES (@ticket_digest, @user_id, @factor, @allow_multiple, @created_at, @expires_at, @used_at)`,
      ).run({ ...row, allow_multiple: row.allow_multiple ? 1 : 0 });
    },
    find: (digest) => {
      const row = db.prepare<[string], Omit<TicketRow, 'allow_multiple'> & { allow_multiple: number }>('SELECT * FROM enrollment_tickets WHERE ticket_digest = ?').get(digest);
      return row && { ...row, allow_multiple: row.allow_multiple === 1 };
    },
    remove(digest) {
      db.prepare('DELETE FROM enrollment_tickets WHERE ticket_digest = ?').run(digest);
    },
    consume: (digest, now) =>
      db.prepare('UPDATE enrollment_tickets SET used_at = ? WHERE ticket_digest = ? AND used_at IS NULL').run(now, digest).changes === 1,
    insertSession(row) {
      db.prepare(
        `INSERT INTO enrollment_sessions (session_digest, user_id, csrf_token, authenticator_id, recovery_code_enc, created_at, expires_at, completed_at)
         VALUES (@session_digest, @user_id, @csrf_token, @authenticator_id, @recovery_code_enc, @created_at, @expires_at, @completed_at)`,
      ).run(row);
    },
    findSession: (digest) => db.prepare<[string], EnrollmentSessionRow>('SELECT * FROM enrollment_sessions WHERE session_digest = ?').get(digest),
    completeSession: (digest, now) =>
      db
        .prepare('UPDATE enrollment_sessions SET completed_at = ?, recovery_code_enc = NULL WHERE session_digest = ? AND completed_at IS NULL')
        .run(now, digest).changes === 1,
  };
}
