import { OtpFormatError } from './errors';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding, as otpauth URIs carry secrets: the server's encoder, one for both. */
export { base32Encode } from '../../server/factors/otp';

/**
 * Decodes a secret as people paste it: any case, with spaces, dashes or `=` padding (sites print
 * `jbsw y3dp ehpk 3pxp`). Anything else is refused rather than guessed.
 */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  if (clean === '') throw new OtpFormatError('the secret is empty');
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = ALPHABET.indexOf(char);
    // The offending character is not named: an error message must never carry part of a seed.
    if (index < 0) throw new OtpFormatError('the secret is not base32 (only the letters A–Z and digits 2–7)');
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}
