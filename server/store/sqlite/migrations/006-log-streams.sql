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
  cursor_seq INTEGER NOT NULL,
  -- When the current run of failed deliveries began (null while deliveries succeed).
  failing_since INTEGER,
  created_at INTEGER NOT NULL
);

-- Alert settings (Tessera's own, beyond Auth0), as JSON merged over defaults in code.
ALTER TABLE tenant ADD COLUMN alerts TEXT NOT NULL DEFAULT '{}';

-- One counting window per alert key: how many events since `started_at`, whether it has fired, and
-- the subjects (user ids) counted so far, as a JSON array, for the alert to name.
CREATE TABLE alert_windows (
  key TEXT PRIMARY KEY,
  started_at INTEGER NOT NULL,
  count INTEGER NOT NULL,
  fired INTEGER NOT NULL DEFAULT 0,
  subjects TEXT NOT NULL DEFAULT '[]'
);

-- The bootstrap admin client gets the log-stream scopes, each once (as migration 004 did).
UPDATE client_grants
SET scope = json_insert(scope, '$[#]', 'read:log_streams')
WHERE audience = 'tessera:management-api'
  AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap = 1)
  AND NOT EXISTS (SELECT 1 FROM json_each(client_grants.scope) WHERE value = 'read:log_streams');
UPDATE client_grants
SET scope = json_insert(scope, '$[#]', 'create:log_streams')
WHERE audience = 'tessera:management-api'
  AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap = 1)
  AND NOT EXISTS (SELECT 1 FROM json_each(client_grants.scope) WHERE value = 'create:log_streams');
UPDATE client_grants
SET scope = json_insert(scope, '$[#]', 'update:log_streams')
WHERE audience = 'tessera:management-api'
  AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap = 1)
  AND NOT EXISTS (SELECT 1 FROM json_each(client_grants.scope) WHERE value = 'update:log_streams');
UPDATE client_grants
SET scope = json_insert(scope, '$[#]', 'delete:log_streams')
WHERE audience = 'tessera:management-api'
  AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap = 1)
  AND NOT EXISTS (SELECT 1 FROM json_each(client_grants.scope) WHERE value = 'delete:log_streams');
