import type { Tessera } from '../context.js';
import type { ConnectionRow } from '../store/connections.js';
import { MIN_PASSWORD_LENGTH } from './users.js';

/**
 * Auth0's connection object (Management API "Get a connection") for the one database connection.
 * Every application may use it.
 */
export function connectionView(t: Tessera, row: ConnectionRow): Record<string, unknown> {
  return {
    id: row.id,
    options: {
      mfa: { active: true, return_enroll_settings: true },
      brute_force_protection: true,
      password_complexity_options: { min_length: MIN_PASSWORD_LENGTH },
      import_mode: false,
      disable_signup: true,
      requires_username: false,
    },
    strategy: row.strategy,
    name: row.name,
    is_domain_connection: false,
    realms: [row.name],
  };
}
