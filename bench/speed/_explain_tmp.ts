import pg from 'pg';
import { findPostgresBin, startPostgresCluster } from '../../test/helpers/postgres-cluster.js';
import { migratePostgres } from '../../server/store/postgres/migrate.js';
import { createPostgresPool } from '../../server/store/postgres/pool.js';
import { auditLogRepo } from '../../server/store/postgres/audit-log.js';
import { userRepo } from '../../server/store/postgres/users.js';
import { parseQuery } from '../../server/services/lucene.js';
import { parseUserQuery } from '../../server/services/user-query.js';
import { recording, type Recorded } from '../../test/helpers/postgres-plans.js';

const N = Number(process.env.N ?? 100000);
const cluster = await startPostgresCluster(findPostgresBin()!);
try {
  const admin = new pg.Client({ connectionString: cluster.adminUrl }); await admin.connect(); await admin.query('CREATE DATABASE ex'); await admin.end();
  const url = new URL(cluster.adminUrl); url.pathname = '/ex';
  const pool = createPostgresPool(url.href);
  await migratePostgres(pool);
  await pool.query(`INSERT INTO users (user_id, email, password_hash, created_at, updated_at) SELECT 'auth0|u' || i, 'user' || i || '@example.com', 'x', i, i FROM generate_series(0, $1::int - 1) AS i`, [N]);
  // the bench's shape: quarter q of the month, TOTP users (even) mfar, gd, seotpft, gd; others s, fp, s, s
  await pool.query(`INSERT INTO logs (log_id, type, date, user_id, details)
    SELECT 'l' || i, CASE WHEN (i % $1) % 2 = 0 THEN (ARRAY['mfar','gd_auth_succeed','seotpft','gd_auth_succeed'])[i / $1 + 1] ELSE (ARRAY['s','fp','s','s'])[i / $1 + 1] END,
      i, 'auth0|u' || (i % $1), '{}' FROM generate_series(0, 4 * $1 - 1) AS i`, [N]);
  await pool.query('VACUUM ANALYZE');
  const show = async (label: string, run: (q: any) => Promise<unknown>) => {
    const sent: Recorded[] = [];
    await run(recording(pool, sent));
    for (const s of sent) {
      const r = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, s.values);
      console.log(`--- ${label}: ${s.text.replace(/\s+/g, ' ').slice(0, 160)}`);
      for (const row of r.rows) console.log(row['QUERY PLAN']);
    }
  };
  const logTerms = (q: string) => parseQuery(q, { fields: ['type', 'user_id'], ranges: ['date'] });
  // await show('logs by type', (q) => auditLogRepo(q).page({ terms: logTerms('type:seotpft') }, 0, 50, false, true));
  const c = await pool.connect();
  for (const sql of [
    `EXPLAIN SELECT seq FROM logs WHERE type = 'seotpft' ORDER BY seq DESC LIMIT 50`,
    `EXPLAIN SELECT seq FROM logs WHERE type = 'seotpft' ORDER BY type DESC, seq DESC LIMIT 50`,
    `SET enable_indexscan = off`,
    `EXPLAIN SELECT seq FROM logs WHERE type = 'seotpft' ORDER BY seq DESC LIMIT 50`,
    `EXPLAIN SELECT * FROM logs WHERE type = 'seotpft' ORDER BY seq DESC LIMIT 50`,
    `RESET enable_indexscan`,
    `EXPLAIN ANALYZE SELECT * FROM logs WHERE type = ANY($1::text[]) ORDER BY type DESC, seq DESC LIMIT 50`,
    `SELECT attname, correlation FROM pg_stats WHERE tablename = 'logs' AND attname IN ('type','seq')`,
  ]) { const r = await c.query(sql, sql.includes('$1') ? [['seotpft']] : []); console.log('=== ' + sql); for (const row of r.rows) console.log(JSON.stringify(row)); }
  c.release();
  process.exit(0);
  await show('logs by user', (q) => auditLogRepo(q).page({ terms: logTerms(`user_id:"auth0|u50000"`) }, 0, 50, false, true));
  await show('user logs', (q) => auditLogRepo(q).page({ userId: 'auth0|u50000' }, 0, 50, false, true));
  await show('users list', (q) => userRepo(q).search({ terms: parseUserQuery(''), sort: { field: 'created_at', descending: false }, offset: 0, limit: 50 }));
  await pool.end();
} finally {
  await cluster.stop();
}
