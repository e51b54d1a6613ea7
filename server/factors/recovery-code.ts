import { randomUpperAlphanumeric } from '../crypto/random.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Random } from '../deps.js';

/** 24 upper-case alphanumerics, as Auth0 and guardian.js (`RECOVERY_CODE_LENGTH = 24`) use. */
export const RECOVERY_CODE_LENGTH = 24;
const DIGEST_PURPOSE = 'recovery-code';

export function generateRecoveryCode(random: Random): string {
  return randomUpperAlphanumeric(random, RECOVERY_CODE_LENGTH);
}

/** Accepts what people type: lower case, spaces and dashes. Returns undefined when it cannot be a code. */
export function normalizeRecoveryCode(input: string): string | undefined {
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  return /^[A-Z0-9]{24}$/.test(code) ? code : undefined;
}

/**
 * A keyed digest (HMAC-SHA-256 under the data key). The code carries ~124 bits of entropy, so a slow
 * KDF adds nothing; the key means a stolen database alone cannot even test guesses.
 */
export function recoveryCodeDigest(secrets: SecretBox, code: string): string {
  return secrets.digest(DIGEST_PURPOSE, code);
}
