import type { Database } from 'better-sqlite3';

export interface JobRow {
  id: string;
  type: string;
  status: 'pending' | 'processing' | 'completed';
  params: string;
  total: number;
  processed: number;
  results: string;
  created_at: number;
  completed_at: number | null;
}

export interface JobRepo {
  find(id: string): JobRow | undefined;
  unfinished(): JobRow[];
  insert(row: JobRow): void;
  /** Appends results and advances the cursor; completes the job when the cursor reaches the total. */
  progress(id: string, results: unknown[], processed: number, now: number): void;
}

export function jobRepo(db: Database): JobRepo {
  return {
    find: (id) => db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?').get(id),
    unfinished: () => db.prepare<[], JobRow>("SELECT * FROM jobs WHERE status != 'completed' ORDER BY created_at").all(),
    insert(row) {
      db.prepare(
        `INSERT INTO jobs (id, type, status, params, total, processed, results, created_at, completed_at)
         VALUES (@id, @type, @status, @params, @total, @processed, @results, @created_at, @completed_at)`,
      ).run(row);
    },
    progress(id, results, processed, now) {
      const row = db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?').get(id);
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
  };
}
