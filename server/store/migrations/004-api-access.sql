-- Secrets now need update:client_keys (Auth0 "Update a client"). The bootstrap admin client is
-- granted every Management scope at first start; an existing tenant's admin grant gets the new one here.
UPDATE client_grants
SET scope = json_insert(scope, '$[#]', 'update:client_keys')
WHERE audience = 'tessera:management-api'
  AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap = 1)
  AND NOT EXISTS (SELECT 1 FROM json_each(client_grants.scope) WHERE value = 'update:client_keys');
