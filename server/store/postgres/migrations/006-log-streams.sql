-- Log streams (Auth0 "Log Streams", HTTP sinks): each stream keeps a cursor over the audit log's `seq`.
-- The audit row is the event, so a crash between writing and delivering loses nothing: the worker
-- resumes after `cursor_seq`, and moves the cursor only after the receiver answered 2xx.
CREATE TABLE log_streams (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  -- The sink without its Authorization value, which is sealed in authorization_enc.
  sink TEXT NOT NULL,
  authorization_enc TEXT,
  cursor_seq BIGINT NOT NULL,
  -- When the current run of failed deliveries began (null while deliveries succeed).
  failing_since BIGINT,
  created_at BIGINT NOT NULL
);

-- Alert settings (Tessera's own, beyond Auth0), as JSON merged over defaults in code.
ALTER TABLE tenant ADD COLUMN alerts TEXT NOT NULL DEFAULT '{}';

-- One counting window per alert key: how many events since `started_at`, whether it has fired, and
-- the subjects (user ids) counted so far, as a JSON array, for the alert to name.
CREATE TABLE alert_windows (
  key TEXT PRIMARY KEY,
  started_at BIGINT NOT NULL,
  count INTEGER NOT NULL,
  fired BOOLEAN NOT NULL DEFAULT FALSE,
  subjects TEXT NOT NULL DEFAULT '[]'
);

-- The bootstrap admin client gets the log-stream scopes, each once (as migration 004 did).
DO $$
DECLARE new_scope TEXT;
BEGIN
  FOREACH new_scope IN ARRAY ARRAY['read:log_streams', 'create:log_streams', 'update:log_streams', 'delete:log_streams'] LOOP
    UPDATE client_grants
    SET scope = (scope::jsonb || jsonb_build_array(new_scope))::text
    WHERE audience = 'tessera:management-api'
      AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap)
      AND NOT (scope::jsonb ? new_scope);
  END LOOP;
END;
$$;
