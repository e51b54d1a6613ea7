-- Secrets now need update:client_keys (Auth0 "Update a client"), and APIs are registered (below).
-- The bootstrap admin client is granted every Management scope at first start; an existing
-- tenant's admin grant gets the new ones here, each once, in this order.
DO $$
DECLARE new_scope TEXT;
BEGIN
  FOREACH new_scope IN ARRAY ARRAY['update:client_keys', 'read:resource_servers', 'create:resource_servers', 'update:resource_servers', 'delete:resource_servers'] LOOP
    UPDATE client_grants
    SET scope = (scope::jsonb || jsonb_build_array(new_scope))::text
    WHERE audience = 'tessera:management-api'
      AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap)
      AND NOT (scope::jsonb ? new_scope);
  END LOOP;
END;
$$;

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
  allow_offline_access BOOLEAN NOT NULL DEFAULT FALSE,
  skip_consent_for_verifiable_first_party_clients BOOLEAN NOT NULL DEFAULT FALSE,
  created_at BIGINT NOT NULL
);

-- Deleting an API takes its client grants with it.
CREATE FUNCTION resource_servers_grant_cleanup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM client_grants WHERE audience = OLD.identifier;
  RETURN NULL;
END;
$$;
CREATE TRIGGER resource_servers_grant_cleanup AFTER DELETE ON resource_servers
FOR EACH ROW EXECUTE FUNCTION resource_servers_grant_cleanup();
