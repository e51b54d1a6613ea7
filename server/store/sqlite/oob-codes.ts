import type { Database } from 'better-sqlite3';
import type { OobCodeRepo, OobCodeRow } from '../oob-codes.js';
import type { Synchronous } from './synchronous.js';

export function oobCodeRepo(db: Database): Synchronous<OobCodeRepo> {
  return {
    insert(row) {
      db.prepare(
        `INSERT INTO oob_codes (oob_digest, purpose, user_id, client_id, authenticator_id, channel, code_digest, created_at, expires_at, consumed_at)
         VALUES (@oob_digest, @purpose, @user_id, @client_id, @authenticator_id, @channel, @code_digest, @created_at, @expires_at, @consumed_at)`,
      ).run(row);
    },
    byOob: (digest) => db.prepare<[string], OobCodeRow>('SELECT * FROM oob_codes WHERE oob_digest = ?').get(digest),
    consume: (digest, now) =>
      db.prepare('UPDATE oob_codes SET consumed_at = ? WHERE oob_digest = ? AND consumed_at IS NULL AND expires_at > ?').run(now, digest, now).changes === 1,
    remove(digest) {
      db.prepare('DELETE FROM oob_codes WHERE oob_digest = ?').run(digest);
    },
    purgeBefore: (cutoff) => db.prepare('DELETE FROM oob_codes WHERE expires_at < ?').run(cutoff).changes,
  };
}
