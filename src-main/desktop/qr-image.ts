import jpeg from 'jpeg-js';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { InputError } from './outcome';

/** A phone photo is a few MB; a screen capture of a 5K display about 20 MB as raw PNG. */
export const MAX_QR_IMAGE_BYTES = 32 * 1024 * 1024;
// Decoders allocate width×height×4 from the header: bound it so a small crafted file cannot exhaust memory.
const MAX_MEGAPIXELS = 64;

const isPng = (bytes: Uint8Array) => bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
const isJpeg = (bytes: Uint8Array) => bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;

/** Decoded pixels, 4 bytes (R, G, B, A) a pixel, row by row. */
export interface Rgba {
  data: Uint8Array;
  width: number;
  height: number;
}

export function decodeImage(bytes: Uint8Array): Rgba {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (isPng(bytes)) {
      // IHDR is the first chunk (PNG §11.2.2): width and height at bytes 16–23.
      if (buffer.length < 24 || buffer.readUInt32BE(16) * buffer.readUInt32BE(20) > MAX_MEGAPIXELS * 1024 * 1024) throw new InputError('The image is too large');
      return PNG.sync.read(buffer);
    }
    if (isJpeg(bytes)) return jpeg.decode(buffer, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_MEGAPIXELS });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError('The image is damaged or unreadable');
  }
  throw new InputError('Only PNG and JPEG images can be read');
}

/** The text of the QR code in a PNG or JPEG, or null when the image holds none. */
export function readQrText(bytes: Uint8Array): string | null {
  if (bytes.length > MAX_QR_IMAGE_BYTES) throw new InputError('The image is too large');
  return findQrText(decodeImage(bytes));
}

/** The text of the QR code in decoded pixels, or null when they hold none. */
export function findQrText({ data, width, height }: Rgba): string | null {
  const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, width * height * 4);
  return jsQR(pixels, width, height, { inversionAttempts: 'attemptBoth' })?.data ?? null;
}

export const isOtpPayload = (text: string): boolean => /^otpauth(-migration)?:\/\//i.test(text.trim());

/** A push enrollment QR code (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa/enroll-and-challenge-push-authenticators): otpauth, but an enrollment for Push, with no account in it. */
export const isPushEnrollment = (text: string): boolean => /^otpauth:\/\//i.test(text.trim()) && /[?&]enrollment_tx_id=/i.test(text);

/** What push:enroll takes: Guardian's barcode_uri (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa/enroll-and-challenge-push-authenticators), or a tessera://enroll-push link wrapping one. */
export const isPushBarcode = (text: string): boolean => isPushEnrollment(text) || /^tessera:\/\/enroll-push\?/i.test(text.trim());

/** Names the Push screen's own QR buttons (src-renderer/screens/PushEnrollForm.tsx), which read the same sources. */
export const PUSH_ENROLLMENT_QR =
  'This QR code enrolls a device for push sign-in, not an authenticator account. Read it under Push → Enroll this computer (QR image, From clipboard, Scan screen or Select screen area), or use the page\'s "Open this enrollment in Tessera" link.';

/** Only authenticator payloads are imported from a picture or a link; anything else is refused by name. */
export function requireOtpPayload(text: string | null): string {
  if (text === null) throw new InputError('No QR code was found in the image');
  if (isPushBarcode(text)) throw new InputError(PUSH_ENROLLMENT_QR);
  if (!isOtpPayload(text)) throw new InputError('The QR code is not an authenticator (otpauth) code');
  return text.trim();
}
