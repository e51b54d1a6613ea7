-- Auth0 "connections": Tessera has exactly one, the database connection, whose `con_…` id must stay the
-- same for the life of the tenant (import jobs name it). 16 hex characters fit Auth0's `^con_[A-Za-z0-9]{16}$`.
CREATE TABLE connections (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  strategy TEXT NOT NULL
);
INSERT INTO connections (id, name, strategy)
VALUES ('con_' || lower(hex(randomblob(8))), 'Username-Password-Authentication', 'auth0');

-- The bootstrap admin client gets read:connections once (as migration 004 did for its scopes).
UPDATE client_grants
SET scope = json_insert(scope, '$[#]', 'read:connections')
WHERE audience = 'tessera:management-api'
  AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap = 1)
  AND NOT EXISTS (SELECT 1 FROM json_each(client_grants.scope) WHERE value = 'read:connections');
