import { createGuardrails, generateSync } from 'otplib';
import type { ManualAccountInput, ManualPreview } from '../ipc/contract';
import { OtpKind } from '../vault';

/** The vault's floor (real sites issue 80-bit secrets such as JBSWY3DPEHPK3PXP); otplib's is 16 bytes. */
export const MIN_MANUAL_SECRET_BYTES = 10;
const GUARDRAILS = createGuardrails({ MIN_SECRET_BYTES: MIN_MANUAL_SECRET_BYTES });
const BASE32 = /^[A-Z2-7]+=*$/;

/** Base32 as people type it: spaces, dashes and lower case allowed. */
export function normaliseSecret(secret: string): string {
  return secret.replace(/[\s-]/g, '').toUpperCase();
}

/** Why the typed secret cannot work, or null; the vault checks again on add. */
export function secretProblem(secret: string): string | null {
  const normalised = normaliseSecret(secret);
  if (normalised === '') return 'Enter the secret key';
  if (!BASE32.test(normalised)) return 'The secret key may only hold letters A–Z and digits 2–7';
  const bytes = Math.floor((normalised.replace(/=+$/, '').length * 5) / 8);
  if (bytes < MIN_MANUAL_SECRET_BYTES) return `The secret key is too short (${bytes} bytes; at least ${MIN_MANUAL_SECRET_BYTES})`;
  return null;
}

/**
 * The otpauth URI the vault parses, so manual entry goes through exactly the checks of a scanned code
 * (Key Uri Format). Steam is written as the vault's own `totp` + `encoder=steam` form.
 */
export function manualInputToUri(input: ManualAccountInput): string {
  const type = input.kind === OtpKind.hotp ? 'hotp' : 'totp';
  const issuer = input.issuer.trim();
  const label = input.label.trim();
  const path = issuer === '' ? encodeURIComponent(label) : `${encodeURIComponent(issuer)}:${encodeURIComponent(label)}`;
  const params = new URLSearchParams({ secret: normaliseSecret(input.secret).replace(/=+$/, '') });
  if (issuer !== '') params.set('issuer', issuer);
  params.set('algorithm', input.algorithm);
  params.set('digits', String(input.digits));
  if (input.kind === OtpKind.hotp) params.set('counter', String(input.counter ?? 0));
  else params.set('period', String(input.period));
  if (input.kind === OtpKind.steam) params.set('encoder', 'steam');
  return `otpauth://${type}/${path}?${params.toString()}`;
}

/** What the form would give now; Steam's alphabet lives in the vault, so its code shows once added. */
export function previewManual(input: ManualAccountInput, nowMs: number): ManualPreview {
  if (input.label.trim() === '' && input.issuer.trim() === '') return { valid: false, message: 'Enter an issuer or an account name' };
  const problem = secretProblem(input.secret);
  if (problem !== null) return { valid: false, message: problem };
  if (input.kind === OtpKind.steam) return { valid: false, message: 'Steam codes are shown once the account is added' };
  const common = {
    secret: normaliseSecret(input.secret).replace(/=+$/, ''),
    algorithm: input.algorithm.toLowerCase() as 'sha1' | 'sha256' | 'sha512',
    digits: input.digits as 6 | 7 | 8,
    guardrails: GUARDRAILS,
  };
  try {
    if (input.kind === OtpKind.hotp) {
      return { valid: true, code: generateSync({ ...common, strategy: 'hotp', counter: input.counter ?? 0 }), secondsLeft: null };
    }
    const epoch = Math.floor(nowMs / 1000);
    const code = generateSync({ ...common, strategy: 'totp', period: input.period, epoch });
    return { valid: true, code, secondsLeft: input.period - (epoch % input.period) };
  } catch (error) {
    return { valid: false, message: error instanceof Error ? error.message : 'These parameters cannot make a code' };
  }
}
