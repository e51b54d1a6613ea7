import { createHmac } from 'node:crypto';
import { createGuardrails, generateSync } from 'otplib';
import { MAX_PERIOD_S, MAX_SECRET_BYTES, MIN_SECRET_BYTES, STEAM_DIGITS, STEAM_PERIOD_S } from './otp-params';
import { OtpKind, type OtpAlgorithm, type OtpParams } from './types';

// otplib's defaults refuse 80-bit secrets and periods over an hour; the vault accepts both (otp-params.ts).
const GUARDRAILS = createGuardrails({ MIN_SECRET_BYTES, MAX_SECRET_BYTES, MAX_PERIOD: MAX_PERIOD_S });

/** Steam Guard's alphabet: digits and consonants that cannot be misread for each other. */
export const STEAM_ALPHABET = '23456789BCDFGHJKMNPQRTVWXY';

/**
 * Steam Guard: RFC 4226's HMAC-SHA1 and 31-bit dynamic truncation over 30-second steps, then base 26
 * in Steam's alphabet, least significant character first (no published spec; KeePassXC's Totp.cpp and
 * Aegis's OTP.java agree). Computed here with node:crypto because otplib 13.5's `generateSync` drops
 * the `hooks` option that would carry the encoder (its async `generate` passes it).
 */
function steamCode(secret: Uint8Array, nowMs: number): string {
  const step = Buffer.alloc(8);
  step.writeBigUInt64BE(BigInt(Math.floor(nowMs / 1000 / STEAM_PERIOD_S)));
  const mac = createHmac('sha1', secret).update(step).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  let value = mac.readUInt32BE(offset) & 0x7fffffff;
  let code = '';
  for (let i = 0; i < STEAM_DIGITS; i += 1) {
    code += STEAM_ALPHABET[value % STEAM_ALPHABET.length];
    value = Math.floor(value / STEAM_ALPHABET.length);
  }
  return code;
}

const hashName = (algorithm: OtpAlgorithm) => algorithm.toLowerCase() as 'sha1' | 'sha256' | 'sha512';

/** The code for a counter (HOTP) or the time step containing `nowMs` (TOTP, Steam). */
export function computeCode(secret: Uint8Array, params: OtpParams, at: { nowMs: number } | { counter: number }): string {
  const common = { secret, algorithm: hashName(params.algorithm), digits: params.digits, guardrails: GUARDRAILS };
  if ('counter' in at) return generateSync({ ...common, strategy: 'hotp', counter: at.counter });
  if (params.kind === OtpKind.steam) return steamCode(secret, at.nowMs);
  return generateSync({ ...common, strategy: 'totp', period: params.period, epoch: Math.floor(at.nowMs / 1000) });
}

/** Seconds until the time step containing `nowMs` ends: 1 … period. */
export function secondsLeft(period: number, nowMs: number): number {
  return period - (Math.floor(nowMs / 1000) % period);
}
