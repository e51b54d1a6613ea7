-- A log stream's last delivery failure (Tessera's own, beyond Auth0): when, and a short message written
-- by the server ("HTTP 500 from the endpoint", "connection refused"), never the receiver's words.
-- Both are cleared by the next successful delivery.
ALTER TABLE log_streams ADD COLUMN last_error_at INTEGER;
ALTER TABLE log_streams ADD COLUMN last_error TEXT;
