import type { JobRow, JobRepo } from '../jobs.js';
import type { Queryable } from './queryable.js';

/** A jobs row as PostgreSQL holds it: params and results as JSON text. */
type JobRecord = Omit<JobRow, 'params' | 'results'> & { params: string; results: string };
const fromRecord = (row: JobRecord): JobRow => ({ ...row, params: JSON.parse(row.params) as unknown, results: JSON.parse(row.results) as unknown[] });

/**
 * Appends to the results and moves the cursor in one statement (SQLite reads the row, then writes it, in
 * its single writer), so two progress calls on one job never drop each other's results. Both arrays are
 * JSON.stringify's compact text, so joining the texts gives exactly the text SQLite writes for the joined
 * array (jsonb would reorder the results' object keys).
 */
const PROGRESS = `
UPDATE jobs SET results = CASE WHEN $2 = '[]' THEN results WHEN results = '[]' THEN $2
    ELSE left(results, -1) || ',' || substr($2, 2) END,
  processed = $3,
  status = CASE WHEN $3 >= total THEN 'completed' ELSE 'processing' END,
  completed_at = CASE WHEN $3 >= total THEN $4::bigint ELSE NULL END
WHERE id = $1`;

const ADVANCE = `
UPDATE jobs SET processed = $2, inserted = inserted + $3, updated = updated + $4, failed = failed + $5,
  status = CASE WHEN $2 >= total THEN 'completed' ELSE 'processing' END,
  completed_at = CASE WHEN $2 >= total THEN $6::bigint ELSE NULL END
WHERE id = $1`;

// Numbers the bodies after the job's last error in one statement. Only the job's runner writes its errors
// (one instance holds the job's lease, lease.ts), as SQLite's single writer numbers them one call at a time.
const ADD_ERRORS = `
INSERT INTO job_errors (job_id, seq, body)
SELECT $1, (SELECT COALESCE(MAX(seq), -1) FROM job_errors WHERE job_id = $1) + ordinality, body
FROM unnest($2::text[]) WITH ORDINALITY AS added(body, ordinality)`;

export function jobRepo(q: Queryable): JobRepo {
  const many = async (sql: string, values: unknown[]) => (await q.query<JobRecord>(sql, values)).rows.map(fromRecord);
  return {
    async find(id) {
      const row = (await q.query<JobRecord>('SELECT * FROM jobs WHERE id = $1', [id])).rows[0];
      return row && fromRecord(row);
    },
    // SQLite breaks ties on rowid (insertion order); PostgreSQL rows have no such order, so ties break on id.
    unfinished: () => many("SELECT * FROM jobs WHERE status IN ('pending', 'processing') ORDER BY created_at, id", []),
    async insert(row) {
      await q.query(
        `INSERT INTO jobs (id, type, status, params, total, processed, results, created_at, completed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [row.id, row.type, row.status, JSON.stringify(row.params), row.total, row.processed, JSON.stringify(row.results), row.created_at, row.completed_at],
      );
    },
    async progress(id, results, processed, now) {
      await q.query(PROGRESS, [id, JSON.stringify(results), processed, now]);
    },
    async advanceImport(id, processed, counts, now) {
      await q.query(ADVANCE, [id, processed, counts.inserted, counts.updated, counts.failed, now]);
    },
    async finish(id, status, now) {
      await q.query('UPDATE jobs SET status = $1, completed_at = $2 WHERE id = $3', [status, now, id]);
    },
    async addErrors(id, bodies) {
      if (bodies.length > 0) await q.query(ADD_ERRORS, [id, bodies]);
    },
    errors: async (id) => (await q.query<{ body: string }>('SELECT body FROM job_errors WHERE job_id = $1 ORDER BY seq', [id])).rows.map((row) => row.body),
    async putFile(id, purpose, content) {
      await q.query(
        'INSERT INTO job_files (job_id, purpose, content) VALUES ($1, $2, $3) ON CONFLICT (job_id, purpose) DO UPDATE SET content = EXCLUDED.content',
        [id, purpose, content],
      );
    },
    file: async (id, purpose) => (await q.query<{ content: Buffer }>('SELECT content FROM job_files WHERE job_id = $1 AND purpose = $2', [id, purpose])).rows[0]?.content,
    async removeFile(id, purpose) {
      await q.query('DELETE FROM job_files WHERE job_id = $1 AND purpose = $2', [id, purpose]);
    },
  };
}
