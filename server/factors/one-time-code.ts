import type { Random } from '../deps.js';
import type { Tessera } from '../context.js';

/** "The expiry time of MFA OTP codes is 5 minutes… After a user validates an MFA OTP code, it cannot be used again" (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa). */
export const OOB_CODE_TTL_MS = 5 * 60_000;
/** SMS, voice and email codes are 6 digits (same page: the binding code is "usually a 6-digit number"). */
export const OOB_CODE_DIGITS = 6;
const CODE_DIGEST = 'oob-binding-code';

/** A uniform 6-digit code: 4 random bytes, redrawn above the largest multiple of 10^6 so no digit is favoured. */
export function generateOneTimeCode(random: Random): string {
  const range = 10 ** OOB_CODE_DIGITS;
  const limit = Math.floor(0x1_0000_0000 / range) * range;
  for (;;) {
    const value = random.bytes(4).readUInt32BE(0);
    if (value < limit) return String(value % range).padStart(OOB_CODE_DIGITS, '0');
  }
}

/** Keyed digest of a code: a copy of the database alone cannot test the million candidates. */
export const oneTimeCodeDigest = (t: Tessera, code: string) => t.secrets.digest(CODE_DIGEST, code);

/** Expired code transactions are kept a day, so a late redemption still reads "expired", then dropped. */
export const OOB_CODE_RETENTION_MS = 24 * 60 * 60_000;

export async function purgeOobCodes(t: Pick<Tessera, 'store' | 'clock'>): Promise<number> {
  return await t.store.oobCodes.purgeBefore(t.clock.now() - OOB_CODE_RETENTION_MS);
}
