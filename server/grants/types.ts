import type { TSchema } from 'typebox';
import type { RequestOrigin, Tessera } from '../context.js';
import type { ClientRow } from '../store/clients.js';
import type { TokenResponse } from '../services/token-issuer.js';

export interface GrantContext {
  t: Tessera;
  client: ClientRow;
  origin: RequestOrigin;
}

/** One module per grant_type (STYLE: the token endpoint dispatches over a grant registry). */
export interface Grant<P = Record<string, unknown>> {
  grantType: string;
  /** TypeBox schema of the grant's own parameters; other body fields (client auth, grant_type) pass through. */
  parameters: TSchema;
  handler(ctx: GrantContext, params: P): Promise<TokenResponse>;
}

export const GRANT_TYPES = {
  password: 'password',
  passwordRealm: 'http://auth0.com/oauth/grant-type/password-realm',
  refreshToken: 'refresh_token',
  clientCredentials: 'client_credentials',
  mfaOtp: 'http://auth0.com/oauth/grant-type/mfa-otp',
  mfaOob: 'http://auth0.com/oauth/grant-type/mfa-oob',
  mfaRecoveryCode: 'http://auth0.com/oauth/grant-type/mfa-recovery-code',
  authorizationCode: 'authorization_code',
  implicit: 'implicit',
} as const;

/** Values a client's `grant_types` may hold (Auth0 names); only some are served by /oauth/token. */
export const KNOWN_GRANT_TYPES = Object.values(GRANT_TYPES);
