import type pg from 'pg';
import { parseUserQuery } from '../../server/services/user-query.js';
import { loadPostgresMigrations, migratePostgres } from '../../server/store/postgres/migrate.js';
import { createPostgresPool } from '../../server/store/postgres/pool.js';
import type { Queryable } from '../../server/store/postgres/queryable.js';
import { postgresRepos } from '../../server/store/postgres/repos.js';
import { startBenchPostgres, type BenchPostgres } from './pg-cluster.js';

/**
 * Store-level measures behind bench/README.md's "On PostgreSQL" (issue 12), without HTTP: the CPU of this
 * process plus PostgreSQL's (pg-cpu.ts) per operation, for
 * - a user search by exact e-mail at 100,000 and at 100 users, without and with migration 014's index;
 * - the three reads of `GET /mfa/authenticators` (MFA transaction, user, authenticators), sent as unnamed
 *   statements (as before) and as named ones (queryable.ts `prepared`).
 * Run: `npx tsx bench/speed/pg-store-micro.ts` (about a minute; needs PostgreSQL installed).
 */

const EMAIL_INDEX_SQL = loadPostgresMigrations().find((migration) => migration.version === 14)!.sql;

/** The repositories as they were before statements had names: the same SQL, always unnamed. */
const unnamed = (pool: pg.Pool): Queryable => ({ query: (statement, values) => pool.query(typeof statement === 'string' ? statement : statement.text, values) });

async function cpuPerOp(pgCluster: BenchPostgres, runs: number, op: (i: number) => Promise<unknown>): Promise<string> {
  for (let i = 0; i < Math.min(20, runs); i++) await op(i); // warm-up: JIT, connections, statement caches
  const [node, db] = [process.cpuUsage(), pgCluster.cpuMs()];
  for (let i = 0; i < runs; i++) await op(i);
  const used = process.cpuUsage(node);
  const ms = (used.user + used.system) / 1000 + (pgCluster.cpuMs() - db);
  const each = ms / runs;
  return each >= 1 ? `${each.toFixed(2)} ms` : `${Math.round(each * 1000)} µs`;
}

async function usersDatabase(pgCluster: BenchPostgres, users: number): Promise<pg.Pool> {
  const pool = createPostgresPool(await pgCluster.createDatabase(), { max: 1 });
  await migratePostgres(pool);
  await pool.query(
    `INSERT INTO users (user_id, email, password_hash, created_at, updated_at)
     SELECT 'auth0|u' || i, 'User' || i || '@Example.com', 'x', i, i FROM generate_series(1, $1::int) AS i`,
    [users],
  );
  await pool.query('VACUUM ANALYZE users');
  return pool;
}

async function searches(pgCluster: BenchPostgres): Promise<void> {
  for (const users of [100_000, 100]) {
    const pool = await usersDatabase(pgCluster, users);
    const search = (i: number) =>
      postgresRepos(pool).users.search({ terms: parseUserQuery(`email:"user${1 + ((i * 7919) % users)}@example.com"`), sort: { field: 'created_at', descending: false }, offset: 0, limit: 50 });
    await pool.query('DROP INDEX users_email_folded');
    const before = await cpuPerOp(pgCluster, users > 1000 ? 30 : 300, search);
    await pool.query(EMAIL_INDEX_SQL);
    await pool.query('ANALYZE users');
    const after = await cpuPerOp(pgCluster, 300, search);
    console.log(`users search by email at ${users.toLocaleString('en')} users: ${before} CPU without the index | ${after} with it`);
    await pool.end();
  }
}

async function authenticatorReads(pgCluster: BenchPostgres): Promise<void> {
  const pool = createPostgresPool(await pgCluster.createDatabase(), { max: 1 });
  await migratePostgres(pool);
  const repos = postgresRepos(pool);
  await repos.users.insert({ user_id: 'auth0|ann', email: 'ann@example.com', email_verified: true, password_hash: 'x', name: null, nickname: null, given_name: null, family_name: null, picture: null, blocked: false, user_metadata: {}, app_metadata: {}, logins_count: 0, last_login: null, created_at: 1, updated_at: 1 });
  await repos.authenticators.insert({ id: 'totp|dev_a', user_id: 'auth0|ann', kind: 'totp', link_id: 'dev_a', name: null, secret_enc: 'x', code_digest: null, active: true, last_used_step: null, created_at: 1, confirmed_at: 1, last_auth_at: null });
  await repos.mfaTransactions.insert({ token_digest: 'd', user_id: 'auth0|ann', client_id: 'c', audience: 'a', scope: 's', created_at: 1, expires_at: 2 });
  const reads = (r: typeof repos) => async () => {
    await r.mfaTransactions.find('d');
    await r.users.find('auth0|ann');
    await r.authenticators.forUser('auth0|ann');
  };
  const before = await cpuPerOp(pgCluster, 2000, reads(postgresRepos(unnamed(pool))));
  const after = await cpuPerOp(pgCluster, 2000, reads(repos));
  console.log(`GET /mfa/authenticators' three reads: ${before} CPU unnamed | ${after} named`);
  await pool.end();
}

const pgCluster = await startBenchPostgres();
try {
  await searches(pgCluster);
  await authenticatorReads(pgCluster);
} finally {
  await pgCluster.stop();
}
