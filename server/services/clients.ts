import { randomString, randomToken } from '../crypto/random.js';
import type { Tessera } from '../context.js';
import type { ClientRow } from '../store/clients.js';
import { clientSecret } from './client-auth.js';

export const APP_TYPES = ['native', 'spa', 'regular_web', 'non_interactive'] as const;
export const AUTH_METHODS = ['none', 'client_secret_post', 'client_secret_basic'] as const;
/** Auth0's defaults for a new application. */
export const DEFAULT_GRANT_TYPES = ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'];

export function newClientId(t: Tessera): string {
  return randomString(t.random, 32);
}

export function newClientSecret(t: Tessera): string {
  return randomToken(t.random, 48);
}

export function sealClientSecret(t: Tessera, clientId: string, secret: string): string {
  return t.secrets.encrypt(secret, `client-secret:${clientId}`);
}

/** Management API client object; the secret only for callers holding `read:client_keys` (or at creation). */
export function clientView(t: Tessera, row: ClientRow, withSecret: boolean): Record<string, unknown> {
  return {
    client_id: row.client_id,
    name: row.name,
    ...(row.description !== null ? { description: row.description } : {}),
    ...(row.app_type !== null ? { app_type: row.app_type } : {}),
    is_first_party: true,
    callbacks: row.callbacks,
    grant_types: row.grant_types,
    token_endpoint_auth_method: row.token_endpoint_auth_method,
    ...(withSecret ? { client_secret: clientSecret(t, row) } : {}),
  };
}
