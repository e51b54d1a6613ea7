
export type JobStatus = 'pending' | 'processing' | 'completed' | 'failed';

export interface JobRow {
  id: string;
  type: string;
  status: JobStatus;
  /** What the job was asked to do, as its creator gave it. */
  params: unknown;
  total: number;
  processed: number;
  results: unknown[];
  created_at: number;
  completed_at: number | null;
  /** Import outcome counts (zero for other job types). */
  inserted?: number;
  updated?: number;
  failed?: number;
}

export interface ImportCounts {
  inserted: number;
  updated: number;
  failed: number;
}

export type JobFilePurpose = 'import' | 'export';

export interface JobRepo {
  find(id: string): Promise<JobRow | undefined>;
  unfinished(): Promise<JobRow[]>;
  insert(row: JobRow): Promise<void>;
  /** Appends results and advances the cursor; completes the job when the cursor reaches the total. */
  progress(id: string, results: unknown[], processed: number, now: number): Promise<void>;
  /** Adds to an import's counts and moves its cursor; completes the job when the cursor reaches the total. */
  advanceImport(id: string, processed: number, counts: ImportCounts, now: number): Promise<void>;
  /** Ends a job whatever its cursor: `completed`, or `failed` when it could not run. */
  finish(id: string, status: 'completed' | 'failed', now: number): Promise<void>;
  addErrors(id: string, bodies: string[]): Promise<void>;
  errors(id: string): Promise<string[]>;
  putFile(id: string, purpose: JobFilePurpose, content: Buffer): Promise<void>;
  file(id: string, purpose: JobFilePurpose): Promise<Buffer | undefined>;
  removeFile(id: string, purpose: JobFilePurpose): Promise<void>;
}
