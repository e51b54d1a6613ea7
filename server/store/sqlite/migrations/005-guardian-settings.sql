-- Auth0 "guardian/settings": the MFA prompt's Remember Me checkbox and the MFA session timeouts (seconds).
-- Defaults follow Auth0's remembered-browser cookie: 7 days of inactivity, 30 days at most.
ALTER TABLE tenant ADD COLUMN display_remember_me_checkbox INTEGER NOT NULL DEFAULT 1;
ALTER TABLE tenant ADD COLUMN remember_me_default_value INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tenant ADD COLUMN mfa_session_inactivity_timeout INTEGER NOT NULL DEFAULT 604800;
ALTER TABLE tenant ADD COLUMN mfa_session_overall_timeout INTEGER NOT NULL DEFAULT 2592000;
