import type { OobCodeRepo, OobCodeRow } from '../oob-codes.js';
import { prepared, type Queryable } from './queryable.js';

const INSERT = prepared(`INSERT INTO oob_codes (oob_digest, purpose, user_id, client_id, authenticator_id, channel, code_digest, created_at, expires_at, consumed_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`);
const BY_OOB = prepared('SELECT * FROM oob_codes WHERE oob_digest = $1');
const CONSUME = prepared('UPDATE oob_codes SET consumed_at = $1 WHERE oob_digest = $2 AND consumed_at IS NULL AND expires_at > $1');

export function oobCodeRepo(q: Queryable): OobCodeRepo {
  return {
    async insert(row) {
      await q.query(
        INSERT,
        [row.oob_digest, row.purpose, row.user_id, row.client_id, row.authenticator_id, row.channel, row.code_digest, row.created_at, row.expires_at, row.consumed_at],
      );
    },
    byOob: async (digest) => (await q.query<OobCodeRow>(BY_OOB, [digest])).rows[0],
    consume: async (digest, now) =>
      ((await q.query(CONSUME, [now, digest])).rowCount ?? 0) === 1,
    async remove(digest) {
      await q.query('DELETE FROM oob_codes WHERE oob_digest = $1', [digest]);
    },
    purgeBefore: async (cutoff) => (await q.query('DELETE FROM oob_codes WHERE expires_at < $1', [cutoff])).rowCount ?? 0,
  };
}
