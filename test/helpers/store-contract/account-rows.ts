import type { NewAuthenticator } from '../../../server/store/authenticators.js';
import type { ClientRow } from '../../../server/store/clients.js';
import type { UserRow } from '../../../server/store/users.js';

const T0 = Date.UTC(2026, 0, 10);

/** A users row with every column set, overridable. */
export function userRow(id: string, fields: Partial<UserRow> = {}): UserRow {
  return {
    user_id: `auth0|${id}`,
    email: `${id}@example.com`,
    email_verified: false,
    password_hash: `hash-${id}`,
    name: null,
    nickname: null,
    given_name: null,
    family_name: null,
    picture: null,
    blocked: false,
    user_metadata: {},
    app_metadata: {},
    logins_count: 0,
    last_login: null,
    remember_browser_invalidated_at: null,
    push_locked_at: null,
    created_at: T0,
    updated_at: T0,
    ...fields,
  };
}

export function clientRow(id: string, fields: Partial<ClientRow> = {}): ClientRow {
  return {
    client_id: id,
    name: `App ${id}`,
    description: null,
    app_type: 'non_interactive',
    client_secret_enc: `sealed-${id}`,
    token_endpoint_auth_method: 'client_secret_post',
    grant_types: ['client_credentials'],
    callbacks: [],
    is_bootstrap: false,
    created_at: T0,
    updated_at: T0,
    ...fields,
  };
}

export function authenticatorRow(id: string, userId: string, fields: Partial<NewAuthenticator> = {}): NewAuthenticator {
  return {
    id: `totp|dev_${id}`,
    user_id: userId,
    kind: 'totp',
    link_id: `dev_${id}`,
    name: null,
    secret_enc: 'sealed-secret',
    code_digest: null,
    active: false,
    last_used_step: null,
    created_at: T0,
    confirmed_at: null,
    last_auth_at: null,
    ...fields,
  };
}

export { T0 };
