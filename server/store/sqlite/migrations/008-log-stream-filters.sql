-- Auth0's log-stream `filters` ([{ "type": "category", "name": ... }]) as JSON; NULL when none were set,
-- so the stream sends every event and its object shows no `filters`.
ALTER TABLE log_streams ADD COLUMN filters TEXT;
