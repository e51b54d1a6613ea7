-- Import and export jobs (Auth0 "users_import" / "users_export"). An import's outcome counts live on the
-- job row; each rejected row is one job_errors row, so a large import never rewrites a growing JSON blob.
ALTER TABLE jobs ADD COLUMN inserted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN updated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN failed INTEGER NOT NULL DEFAULT 0;

CREATE TABLE job_errors (
  job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (job_id, seq)
);

-- An import's uploaded file (sealed: it holds password hashes and TOTP seeds; deleted when the job ends)
-- and an export's result (gzipped NDJSON or CSV, without hashes or seeds).
CREATE TABLE job_files (
  job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('import', 'export')),
  content BLOB NOT NULL,
  PRIMARY KEY (job_id, purpose)
);
