import { base32Decode } from './base32';
import { OtpFormatError } from './errors';
import { OtpAlgorithm, OtpKind, type AccountAppearance, type OtpParams } from './types';

/** RFC 4226 §5.3 allows 6–8 digits; 7 is Authy's. */
export const MIN_DIGITS = 6;
export const MAX_DIGITS = 8;
/** KeePassXC's ceiling: a day. */
export const MAX_PERIOD_S = 86_400;
export const DEFAULT_PERIOD_S = 30;
/** Real sites issue 80-bit secrets (`JBSWY3DPEHPK3PXP`); RFC 4226's 128-bit floor would turn them away. */
export const MIN_SECRET_BYTES = 10;
/** otplib's ceiling (512 bits), far above any issuer's. */
export const MAX_SECRET_BYTES = 64;
/** Steam Guard: 5 characters from its own alphabet, HMAC-SHA1 over 30-second steps. */
export const STEAM_DIGITS = 5;
export const STEAM_PERIOD_S = 30;

/** An account about to enter the vault: parsed from a URI or an export, secret still in hand. */
export interface AccountDraft extends OtpParams {
  issuer: string;
  label: string;
  secret: Buffer;
  appearance?: Partial<AccountAppearance>;
  /** Position in the source, kept as the relative order of imported accounts. */
  position?: number;
}

export function parseAlgorithm(text: string | undefined, where: string): OtpAlgorithm {
  if (text === undefined || text === '') return OtpAlgorithm.sha1;
  const name = text.toUpperCase().replace(/[-_]/g, '');
  const found = Object.values(OtpAlgorithm).find((algorithm) => algorithm === name);
  if (!found) throw new OtpFormatError(`${where}: unsupported algorithm "${text}" (SHA1, SHA256 or SHA512)`);
  return found;
}

function wholeNumber(value: unknown, what: string, where: string): number {
  const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) {
    throw new OtpFormatError(`${where}: ${what} must be a whole number (got ${JSON.stringify(value)})`);
  }
  return number;
}

/** A parser's output before checking: numbers as found in the source (strings, numbers, missing). */
export type RawDraft = Omit<AccountDraft, 'digits' | 'period' | 'counter'> & { digits?: unknown; period?: unknown; counter?: unknown };

/** Checks and normalises a parsed account; Steam's fixed parameters override whatever was given. */
export function checkDraft(draft: RawDraft, where: string): AccountDraft {
  const { secret, kind } = draft;
  if (secret.length < MIN_SECRET_BYTES) {
    throw new OtpFormatError(`${where}: the secret is ${secret.length} bytes; at least ${MIN_SECRET_BYTES} are needed`);
  }
  if (secret.length > MAX_SECRET_BYTES) {
    throw new OtpFormatError(`${where}: the secret is ${secret.length} bytes; at most ${MAX_SECRET_BYTES} are supported`);
  }
  if (kind === OtpKind.steam) {
    return { ...draft, algorithm: OtpAlgorithm.sha1, digits: STEAM_DIGITS, period: STEAM_PERIOD_S, counter: null };
  }
  const digits = wholeNumber(draft.digits ?? MIN_DIGITS, 'digits', where);
  if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
    throw new OtpFormatError(`${where}: digits must be ${MIN_DIGITS}, 7 or ${MAX_DIGITS} (got ${digits})`);
  }
  const period = wholeNumber(draft.period ?? DEFAULT_PERIOD_S, 'period', where);
  if (period < 1 || period > MAX_PERIOD_S) {
    throw new OtpFormatError(`${where}: period must be 1 to ${MAX_PERIOD_S} seconds (got ${period})`);
  }
  const counter = kind === OtpKind.hotp ? wholeNumber(draft.counter ?? 0, 'counter', where) : null;
  return { ...draft, digits, period, counter };
}

/** The text fields of an export's entry: a base32 secret and an algorithm name, decoded, then checked. */
export function draftFromText(fields: Omit<RawDraft, 'secret' | 'algorithm'> & { secret: string; algorithm: string | undefined }, where: string): AccountDraft {
  const { secret, algorithm, ...rest } = fields;
  return checkDraft({ ...rest, secret: base32Decode(secret), algorithm: parseAlgorithm(algorithm, where) }, where);
}
