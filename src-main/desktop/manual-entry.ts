import type { ManualAccountInput, ManualPreview } from '../ipc/contract';
import { OtpKind } from '../vault';
import { computeCode, secondsLeft } from '../vault/otp-code';
import { MIN_SECRET_BYTES } from '../vault/otp-params';
import { parseOtpauthUri } from '../vault/otpauth-uri';

/** The vault's floor (real sites issue 80-bit secrets such as JBSWY3DPEHPK3PXP). */
export const MIN_MANUAL_SECRET_BYTES = MIN_SECRET_BYTES;
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

/**
 * What the form would give now: the input goes through the same URI parser as "Add account" and the
 * vault's own code function, so the preview is the code the added account will show (Steam Guard's
 * five characters included, and an issuer named "Steam" turning TOTP into Steam as the parser does).
 */
export function previewManual(input: ManualAccountInput, nowMs: number): ManualPreview {
  if (input.label.trim() === '' && input.issuer.trim() === '') return { valid: false, message: 'Enter an issuer or an account name' };
  const problem = secretProblem(input.secret);
  if (problem !== null) return { valid: false, message: problem };
  try {
    const draft = parseOtpauthUri(manualInputToUri(input));
    if (draft.kind === OtpKind.hotp) return { valid: true, code: computeCode(draft.secret, draft, { counter: draft.counter ?? 0 }), secondsLeft: null };
    return { valid: true, code: computeCode(draft.secret, draft, { nowMs }), secondsLeft: secondsLeft(draft.period, nowMs) };
  } catch (error) {
    return { valid: false, message: error instanceof Error ? error.message : 'These parameters cannot make a code' };
  }
}
