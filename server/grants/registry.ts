import { Ajv } from 'ajv';
import { OAuthErrors } from '../errors.js';
import { pendingSchema } from '../lazy-schemas.js';
import { describeParameterError } from '../validation.js';
import { refuseNul } from '../validation-nul.js';
import { clientCredentialsGrant } from './client-credentials.js';
import { mfaOobGrant } from './mfa-oob.js';
import { mfaOtpGrant } from './mfa-otp.js';
import { mfaRecoveryCodeGrant } from './mfa-recovery-code.js';
import { passwordGrant, passwordRealmGrant } from './password.js';
import { refreshTokenGrant } from './refresh-token.js';
import type { Grant } from './types.js';

export interface RegisteredGrant {
  grant: Grant;
  /** Validates the grant's parameters; throws `invalid_request` naming the first bad one. */
  check(body: Record<string, unknown>): void;
}

let ajv: Ajv | undefined;

/** Each grant's parameter schema is compiled on its first use, as the route schemas are (lazy-schemas.ts). */
function register(grant: Grant<never>): [string, RegisteredGrant] {
  const compiled = pendingSchema(() => {
    ajv ??= new Ajv({ coerceTypes: false, allErrors: false, verbose: true, strict: false });
    // As the route schemas do (validation.ts): a parameter holding U+0000 is refused before any store sees it.
    return refuseNul(ajv.compile(grant.parameters as object));
  });
  const check = (body: Record<string, unknown>) => {
    const validate = compiled();
    if (!validate(body)) throw OAuthErrors.invalidRequest(describeParameterError(validate.errors![0]!));
  };
  return [grant.grantType, { grant: grant as unknown as Grant, check }];
}

export const grantRegistry: ReadonlyMap<string, RegisteredGrant> = new Map([
  register(passwordGrant),
  register(passwordRealmGrant),
  register(refreshTokenGrant),
  register(clientCredentialsGrant),
  register(mfaOtpGrant),
  register(mfaOobGrant),
  register(mfaRecoveryCodeGrant),
]);
