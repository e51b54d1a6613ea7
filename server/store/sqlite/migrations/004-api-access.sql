-- Secrets now need update:client_keys (Auth0 "Update a client"), and APIs are registered (below).
-- The bootstrap admin client is granted every Management scope at first start; an existing
-- tenant's admin grant gets the new ones here, each once.
UPDATE client_grants
SET scope = json_insert(scope, '$[#]', 'update:client_keys')
WHERE audience = 'tessera:management-api'
  AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap = 1)
  AND NOT EXISTS (SELECT 1 FROM json_each(client_grants.scope) WHERE value = 'update:client_keys');
UPDATE client_grants
SET scope = json_insert(scope, '$[#]', 'read:resource_servers')
WHERE audience = 'tessera:management-api'
  AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap = 1)
  AND NOT EXISTS (SELECT 1 FROM json_each(client_grants.scope) WHERE value = 'read:resource_servers');
UPDATE client_grants
SET scope = json_insert(scope, '$[#]', 'create:resource_servers')
WHERE audience = 'tessera:management-api'
  AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap = 1)
  AND NOT EXISTS (SELECT 1 FROM json_each(client_grants.scope) WHERE value = 'create:resource_servers');
UPDATE client_grants
SET scope = json_insert(scope, '$[#]', 'update:resource_servers')
WHERE audience = 'tessera:management-api'
  AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap = 1)
  AND NOT EXISTS (SELECT 1 FROM json_each(client_grants.scope) WHERE value = 'update:resource_servers');
UPDATE client_grants
SET scope = json_insert(scope, '$[#]', 'delete:resource_servers')
WHERE audience = 'tessera:management-api'
  AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap = 1)
  AND NOT EXISTS (SELECT 1 FROM json_each(client_grants.scope) WHERE value = 'delete:resource_servers');

-- Registered APIs (Auth0 "resource servers"): an access token's audience must name one.
-- The Management, MFA and userinfo audiences are built in and never stored here.
CREATE TABLE resource_servers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  identifier TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL DEFAULT '[]',
  signing_alg TEXT NOT NULL DEFAULT 'RS256',
  token_lifetime INTEGER NOT NULL,
  token_lifetime_for_web INTEGER NOT NULL,
  allow_offline_access INTEGER NOT NULL DEFAULT 0,
  skip_consent_for_verifiable_first_party_clients INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

-- Deleting an API takes its client grants with it.
CREATE TRIGGER resource_servers_grant_cleanup AFTER DELETE ON resource_servers
BEGIN
  DELETE FROM client_grants WHERE audience = OLD.identifier;
END;
