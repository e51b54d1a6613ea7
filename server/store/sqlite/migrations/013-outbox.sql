-- The developer outbox (Tessera's own, beyond Auth0): one-time-code messages kept instead of sent, for the
-- admin to read. The rendered message holds the code, so it is sealed under the data key (message_enc, AAD
-- the id); the recipient is the developer's own test data and stays plain (listings mask it). Bounded:
-- the server keeps the newest few hundred of the last day and deletes the rest as it writes.
CREATE TABLE outbox_messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  message_enc TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX outbox_messages_created ON outbox_messages(created_at);

-- The bootstrap admin client gets read:outbox once (as migration 004 did for its scopes).
UPDATE client_grants
SET scope = json_insert(scope, '$[#]', 'read:outbox')
WHERE audience = 'tessera:management-api'
  AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap = 1)
  AND NOT EXISTS (SELECT 1 FROM json_each(client_grants.scope) WHERE value = 'read:outbox');
