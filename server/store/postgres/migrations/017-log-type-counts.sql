-- `GET /api/v2/logs?q=type:…&include_totals=true` (what auth0's SDK sends) answers with the exact number of
-- entries of that type, and counting them walked every matching entry of `logs_type`: at 100,000 users,
-- tens of thousands per request. Auth0 documents no cap on `total` (only that a search pages through the
-- first 1,000 results, https://auth0.com/docs/api/management/v2/logs/get-logs), so the count stays exact
-- and is kept up to date instead: the entries of a type are the sum of its rows here.
--
-- Triggers keep it, in the transaction that inserts or deletes the entries, whatever statement does so
-- (one entry or many, the retention purge, a test), so it cannot drift from `logs`. Each backend adds to
-- its own row (`slot` = pg_backend_pid()): two transactions running at once are on two backends and never
-- write the same row, so no login waits on another's counter row, and a SERIALIZABLE transaction never
-- fails (40001) because another one committed a change to the row it updates after its snapshot was
-- taken, which rows shared by concurrent writers would cause. Slot 0 holds what the migration counted and
-- the rows of backends that have exited, folded in by the retention purge (audit-log.ts), so the rows per
-- type stay few.
CREATE TABLE log_type_counts (
  type TEXT NOT NULL,
  slot INTEGER NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (type, slot)
);

-- Statement-level, over the transition table: a statement inserting many entries updates each type's row once.
CREATE FUNCTION logs_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO log_type_counts AS c (type, slot, n)
  SELECT type, pg_backend_pid(), COUNT(*) FROM inserted_logs GROUP BY type ORDER BY type
  ON CONFLICT (type, slot) DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE FUNCTION logs_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO log_type_counts AS c (type, slot, n)
  SELECT type, pg_backend_pid(), -COUNT(*) FROM deleted_logs GROUP BY type ORDER BY type
  ON CONFLICT (type, slot) DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $$;

-- The server never changes an entry's type; this keeps the count right if anything does.
CREATE FUNCTION logs_count_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO log_type_counts AS c (type, slot, n)
  SELECT type, pg_backend_pid(), SUM(delta) FROM (
    SELECT type, 1 AS delta FROM inserted_logs UNION ALL SELECT type, -1 FROM deleted_logs
  ) AS changes GROUP BY type HAVING SUM(delta) <> 0 ORDER BY type
  ON CONFLICT (type, slot) DO UPDATE SET n = c.n + EXCLUDED.n;
  RETURN NULL;
END $$;

-- Created before counting: the trigger's lock on `logs` holds off other instances' inserts until this
-- migration commits, so none is missed or counted twice.
CREATE TRIGGER logs_count_insert AFTER INSERT ON logs REFERENCING NEW TABLE AS inserted_logs
FOR EACH STATEMENT EXECUTE FUNCTION logs_count_insert();
CREATE TRIGGER logs_count_delete AFTER DELETE ON logs REFERENCING OLD TABLE AS deleted_logs
FOR EACH STATEMENT EXECUTE FUNCTION logs_count_delete();
CREATE TRIGGER logs_count_update AFTER UPDATE ON logs REFERENCING OLD TABLE AS deleted_logs NEW TABLE AS inserted_logs
FOR EACH STATEMENT EXECUTE FUNCTION logs_count_update();

INSERT INTO log_type_counts (type, slot, n) SELECT type, 0, COUNT(*) FROM logs GROUP BY type;
