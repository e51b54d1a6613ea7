import type { Database } from 'better-sqlite3';
import { prepareOnce } from './prepare-once.js';
import type { Synchronous } from './synchronous.js';
import type { JobRow, JobRepo } from '../jobs.js';

/** A jobs row as SQLite holds it: params and results as JSON text. */
type JobRecord = Omit<JobRow, 'params' | 'results'> & { params: string; results: string };
const fromRecord = (row: JobRecord): JobRow => ({ ...row, params: JSON.parse(row.params) as unknown, results: JSON.parse(row.results) as unknown[] });

export function jobRepo(db: Database): Synchronous<JobRepo> {
  const find = prepareOnce(() => db.prepare<[string], JobRecord>('SELECT * FROM jobs WHERE id = ?'));
  const advance = prepareOnce(() => db.prepare<{ id: string; processed: number; inserted: number; updated: number; failed: number; now: number }>(
    `UPDATE jobs SET processed = @processed, inserted = inserted + @inserted, updated = updated + @updated,
       failed = failed + @failed,
       status = CASE WHEN @processed >= total THEN 'completed' ELSE 'processing' END,
       completed_at = CASE WHEN @processed >= total THEN @now ELSE NULL END
     WHERE id = @id`,
  ));
  const lastSeq = prepareOnce(() => db.prepare<[string], { n: number | null }>('SELECT MAX(seq) AS n FROM job_errors WHERE job_id = ?'));
  const addError = prepareOnce(() => db.prepare<[string, number, string]>('INSERT INTO job_errors (job_id, seq, body) VALUES (?, ?, ?)'));
  const putFile = prepareOnce(() => db.prepare<[string, string, Buffer]>('INSERT OR REPLACE INTO job_files (job_id, purpose, content) VALUES (?, ?, ?)'));
  const getFile = prepareOnce(() => db.prepare<[string, string], { content: Buffer }>('SELECT content FROM job_files WHERE job_id = ? AND purpose = ?'));
  return {
    find: (id) => {
      const row = find().get(id);
      return row && fromRecord(row);
    },
    unfinished: () => db.prepare<[], JobRecord>("SELECT * FROM jobs WHERE status IN ('pending', 'processing') ORDER BY created_at, rowid").all().map(fromRecord),
    insert(row) {
      db.prepare(
        `INSERT INTO jobs (id, type, status, params, total, processed, results, created_at, completed_at)
         VALUES (@id, @type, @status, @params, @total, @processed, @results, @created_at, @completed_at)`,
      ).run({ id: row.id, type: row.type, status: row.status, params: JSON.stringify(row.params), total: row.total, processed: row.processed, results: JSON.stringify(row.results), created_at: row.created_at, completed_at: row.completed_at });
    },
    progress(id, results, processed, now) {
      const row = find().get(id);
      if (!row) return;
      const all = [...(JSON.parse(row.results) as unknown[]), ...results];
      const done = processed >= row.total;
      db.prepare('UPDATE jobs SET results = ?, processed = ?, status = ?, completed_at = ? WHERE id = ?').run(
        JSON.stringify(all),
        processed,
        done ? 'completed' : 'processing',
        done ? now : null,
        id,
      );
    },
    advanceImport: (id, processed, counts, now) => void advance().run({ id, processed, ...counts, now }),
    finish: (id, status, now) => void db.prepare('UPDATE jobs SET status = ?, completed_at = ? WHERE id = ?').run(status, now, id),
    addErrors(id, bodies) {
      let seq = lastSeq().get(id)?.n ?? -1;
      for (const body of bodies) addError().run(id, ++seq, body);
    },
    errors: (id) => db.prepare<[string], { body: string }>('SELECT body FROM job_errors WHERE job_id = ? ORDER BY seq').all(id).map((row) => row.body),
    putFile: (id, purpose, content) => void putFile().run(id, purpose, content),
    file: (id, purpose) => getFile().get(id, purpose)?.content,
    removeFile: (id, purpose) => void db.prepare('DELETE FROM job_files WHERE job_id = ? AND purpose = ?').run(id, purpose),
  };
}
