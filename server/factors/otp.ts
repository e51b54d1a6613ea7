import { createGuardrails, verifySync } from 'otplib';
import type { Random } from '../deps.js';

/** TOTP as Auth0 issues it: SHA1, 6 digits, 30 s (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa/enroll-and-challenge-otp-authenticators; RFC 6238). */
export const TOTP_PERIOD_S = 30;
export const TOTP_DIGITS = 6;
/** Auth0 "accepts the previous 30-second code": one step back, none ahead. */
export const TOTP_TOLERANCE_S: [number, number] = [TOTP_PERIOD_S, 0];
/** 20 random bytes, 32 base32 characters, like Auth0's secrets. */
export const TOTP_SECRET_BYTES = 20;
/**
 * Imported secrets (Management API) may be 80-bit, as real sites issue them; otplib's default floor
 * is 128 bits and would throw on every code for such a secret.
 */
export const TOTP_MIN_SECRET_BYTES = 10;
const GUARDRAILS = createGuardrails({ MIN_SECRET_BYTES: TOTP_MIN_SECRET_BYTES });

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding. */
export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function generateTotpSecret(random: Random): string {
  return base32Encode(random.bytes(TOTP_SECRET_BYTES));
}

/** Key URI Format with every parameter spelled out, as Auth0's `barcode_uri` does (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa/enroll-and-challenge-otp-authenticators). */
export function totpBarcodeUri(secret: string, issuer: string, label: string): string {
  // RFC 3986 percent-encoding (Key Uri Format, "issuer"), not form encoding: Google and Microsoft
  // Authenticator show a form-encoded `+` literally, and the issuer must match the label's prefix.
  const params = { secret, issuer, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_PERIOD_S) };
  const query = Object.entries(params).map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
  return `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(label)}?${query}`;
}

export type TotpCheck = { valid: true; timeStep: number } | { valid: false; replayed: boolean };

/**
 * Verifies a code at `nowMs`, refusing any step at or before `lastUsedStep` (a code accepted once
 * is never accepted again). otplib compares in constant time.
 */
export function verifyTotp(secret: string, code: string, nowMs: number, lastUsedStep: number | null): TotpCheck {
  if (!/^\d{6}$/.test(code)) return { valid: false, replayed: false };
  const epoch = Math.floor(nowMs / 1000);
  const options = { strategy: 'totp' as const, secret, token: code, epoch, epochTolerance: TOTP_TOLERANCE_S, period: TOTP_PERIOD_S, guardrails: GUARDRAILS };
  const fresh = verifySync({ ...options, ...(lastUsedStep === null ? {} : { afterTimeStep: lastUsedStep }) });
  if (fresh.valid) return { valid: true, timeStep: Math.floor(epoch / TOTP_PERIOD_S) + fresh.delta };
  // Tell a replay from a wrong code, so the audit log can say which.
  const replayed = lastUsedStep !== null && verifySync(options).valid;
  return { valid: false, replayed };
}

/** Whether codes can be verified for `secret` (strict Base32 of 10 to 64 bytes): checked before storing one. */
export function isUsableTotpSecret(secret: string): boolean {
  try {
    verifySync({ strategy: 'totp', secret, token: '000000', epoch: 0, period: TOTP_PERIOD_S, guardrails: GUARDRAILS });
    return true;
  } catch {
    return false;
  }
}
