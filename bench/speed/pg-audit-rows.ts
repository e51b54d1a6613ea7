import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { auditEntry, ROWS_PER_USER, SPAN_MS } from './audit-rows.js';
import type { SeededUser } from './seed.js';

/** Rows per INSERT: unnest() of one array per column, so 400,000 rows take 40 statements, not 400,000. */
const BATCH = 10_000;
const COLUMNS = ['log_id', 'type', 'date', 'description', 'user_id', 'user_name', 'details'] as const;
const TYPES = ['text', 'text', 'bigint', 'text', 'text', 'text', 'text'];

/**
 * audit-rows.ts's month of audit log, written into a PostgreSQL database (the `logs` table of
 * server/store/postgres/migrations/001-init.sql; `seq` is its identity, so it rises with date as rows go
 * in in date order; migration 017's statement trigger counts each batch per type). Then VACUUM ANALYZE,
 * which autovacuum would otherwise run during the measured windows.
 */
export async function writePostgresAuditRows(databaseUrl: string, users: SeededUser[], nowMs: number): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const total = users.length * ROWS_PER_USER;
    const start = nowMs - SPAN_MS;
    const unnest = TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
    const sql =
      `INSERT INTO logs (${COLUMNS.join(', ')}, client_id, client_name, ip, user_agent) ` +
      `SELECT *, 'benchclient', 'Bench App', '127.0.0.1', 'bench/1.0' FROM unnest(${unnest})`;
    await client.query('BEGIN');
    for (let from = 0; from < total; from += BATCH) {
      const columns: (string | number)[][] = COLUMNS.map(() => []);
      for (let i = from; i < Math.min(total, from + BATCH); i++) {
        const entry = auditEntry(users, i, total, start);
        const row = [`${String(entry.date).padStart(15, '0')}${randomBytes(8).toString('hex')}`, entry.type, entry.date, entry.description, entry.userId, entry.userName, entry.details];
        row.forEach((value, column) => columns[column]!.push(value));
      }
      await client.query(sql, columns);
    }
    await client.query('COMMIT');
    // What autovacuum would do soon after 100,000 users and 400,000 entries: done now, not inside a window.
    await client.query('VACUUM ANALYZE');
    return total;
  } finally {
    await client.end();
  }
}
