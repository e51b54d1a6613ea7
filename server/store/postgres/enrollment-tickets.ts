import type { TicketRow, EnrollmentSessionRow, TicketRepo } from '../enrollment-tickets.js';
import type { Queryable } from './queryable.js';

export function ticketRepo(q: Queryable): TicketRepo {
  return {
    async insert(row) {
      await q.query(
        `INSERT INTO enrollment_tickets (ticket_digest, user_id, factor, allow_multiple, created_at, expires_at, used_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [row.ticket_digest, row.user_id, row.factor, row.allow_multiple, row.created_at, row.expires_at, row.used_at],
      );
    },
    find: async (digest) => (await q.query<TicketRow>('SELECT * FROM enrollment_tickets WHERE ticket_digest = $1', [digest])).rows[0],
    async remove(digest) {
      await q.query('DELETE FROM enrollment_tickets WHERE ticket_digest = $1', [digest]);
    },
    // One conditional UPDATE: of two requests spending one ticket at once, the row lock lets one match.
    consume: async (digest, now) =>
      (await q.query('UPDATE enrollment_tickets SET used_at = $1 WHERE ticket_digest = $2 AND used_at IS NULL', [now, digest])).rowCount === 1,
    async insertSession(row) {
      await q.query(
        `INSERT INTO enrollment_sessions (session_digest, user_id, csrf_token, authenticator_id, recovery_code_enc, created_at, expires_at, completed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [row.session_digest, row.user_id, row.csrf_token, row.authenticator_id, row.recovery_code_enc, row.created_at, row.expires_at, row.completed_at],
      );
    },
    findSession: async (digest) => (await q.query<EnrollmentSessionRow>('SELECT * FROM enrollment_sessions WHERE session_digest = $1', [digest])).rows[0],
    completeSession: async (digest, now) =>
      (await q.query('UPDATE enrollment_sessions SET completed_at = $1, recovery_code_enc = NULL WHERE session_digest = $2 AND completed_at IS NULL', [now, digest]))
        .rowCount === 1,
  };
}
