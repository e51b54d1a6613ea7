-- The Management API's email templates (https://auth0.com/docs/api/management/v2/email-templates): one row
-- per template created, by Auth0's name; Tessera sends `mfa_oob_code`, the email MFA code.
CREATE TABLE email_templates (
  template TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  from_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  enabled BOOLEAN NOT NULL,
  result_url TEXT,
  url_lifetime_in_seconds BIGINT,
  include_email_in_redirect BOOLEAN
);

-- The bootstrap admin client gets the email-template scopes once (as migration 004 did for its scopes).
UPDATE client_grants
SET scope = (scope::jsonb || jsonb_build_array('read:email_templates'))::text
WHERE audience = 'tessera:management-api'
  AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap)
  AND NOT (scope::jsonb ? 'read:email_templates');
UPDATE client_grants
SET scope = (scope::jsonb || jsonb_build_array('create:email_templates'))::text
WHERE audience = 'tessera:management-api'
  AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap)
  AND NOT (scope::jsonb ? 'create:email_templates');
UPDATE client_grants
SET scope = (scope::jsonb || jsonb_build_array('update:email_templates'))::text
WHERE audience = 'tessera:management-api'
  AND client_id IN (SELECT client_id FROM clients WHERE is_bootstrap)
  AND NOT (scope::jsonb ? 'update:email_templates');
