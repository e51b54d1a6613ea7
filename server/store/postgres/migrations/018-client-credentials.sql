-- Private Key JWT client authentication (https://auth0.com/docs/get-started/applications/configure-private-key-jwt).
-- A client's public keys (Auth0 "client credentials", credential_type public_key): only public material,
-- kept as SPKI PEM. `enabled` marks the ones the client's client_authentication_methods.private_key_jwt
-- lists; the client's token_endpoint_auth_method is then 'private_key_jwt' (the Management API shows
-- client_authentication_methods in its place).
CREATE TABLE client_credentials (
  id TEXT PRIMARY KEY,
  client_id TEXT NOT NULL REFERENCES clients(client_id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kid TEXT NOT NULL,
  alg TEXT NOT NULL,
  public_key_pem TEXT NOT NULL,
  enabled BOOLEAN NOT NULL DEFAULT FALSE,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  expires_at BIGINT
);
CREATE INDEX client_credentials_client ON client_credentials(client_id, created_at);

-- RFC 7523 §3: a client assertion's jti is single use. A digest of (client_id, jti) is kept until the
-- assertion's exp, after which the assertion is refused anyway.
CREATE TABLE client_assertion_jtis (
  digest TEXT PRIMARY KEY,
  expires_at BIGINT NOT NULL
);
CREATE INDEX client_assertion_jtis_expiry ON client_assertion_jtis(expires_at);

-- The bootstrap admin client is granted every Management scope at first start; an existing tenant's admin
-- grant gets the credential scopes here, each once, in this order.
DO $$
DECLARE new_scope TEXT;
BEGIN
  FOREACH new_scope IN ARRAY ARRAY['read:client_credentials', 'create:client_credentials', 'update:client_credentials', 'delete:client_credentials'] LOOP
    UPDATE client_grants
    SET scope = (scope::jsonb || jsonb_build_array(new_scope))::text
    WHERE audience = 'tessera:management-api'
      AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap)
      AND NOT (scope::jsonb ? new_scope);
  END LOOP;
END;
$$;
