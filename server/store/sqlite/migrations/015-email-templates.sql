-- The Management API's email templates (https://auth0.com/docs/api/management/v2/email-templates): one row
-- per template created, by Auth0's name; Tessera sends `mfa_oob_code`, the email MFA code.
CREATE TABLE email_templates (
  template TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  from_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  result_url TEXT,
  url_lifetime_in_seconds INTEGER,
  include_email_in_redirect INTEGER
);

-- The bootstrap admin client gets the email-template scopes once (as migration 004 did for its scopes).
UPDATE client_grants
SET scope = json_insert(scope, '$[#]', 'read:email_templates')
WHERE audience = 'tessera:management-api'
  AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap = 1)
  AND NOT EXISTS (SELECT 1 FROM json_each(client_grants.scope) WHERE value = 'read:email_templates');
UPDATE client_grants
SET scope = json_insert(scope, '$[#]', 'create:email_templates')
WHERE audience = 'tessera:management-api'
  AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap = 1)
  AND NOT EXISTS (SELECT 1 FROM json_each(client_grants.scope) WHERE value = 'create:email_templates');
UPDATE client_grants
SET scope = json_insert(scope, '$[#]', 'update:email_templates')
WHERE audience = 'tessera:management-api'
  AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap = 1)
  AND NOT EXISTS (SELECT 1 FROM json_each(client_grants.scope) WHERE value = 'update:email_templates');
