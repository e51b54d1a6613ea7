import type { PushQrSource } from '../ipc/contract';
import type { ElectronAdapters } from './adapters';
import { InputError } from './outcome';
import { isOtpPayload, isPushBarcode, readQrText } from './qr-image';
import { qrTextOnClipboard, qrTextsOnScreens } from './qr-sources';
import { readQrInRegion } from './region-capture';

export const AUTHENTICATOR_ACCOUNT_QR = 'This QR code is an authenticator account; add it under Add account';
export const NOT_PUSH_QR = 'This QR code is not a push enrollment code';
export const NO_PUSH_QR_ON_SCREEN = 'No push enrollment QR code is visible on the screen';
export const SEVERAL_PUSH_QR_ON_SCREEN = 'More than one push enrollment QR code is on the screens: use Select screen area to pick one';

function requirePushBarcode(text: string | null, nothingFound: string): string {
  if (text === null) throw new InputError(nothingFound);
  if (isPushBarcode(text)) return text.trim();
  throw new InputError(isOtpPayload(text) ? AUTHENTICATOR_ACCOUNT_QR : NOT_PUSH_QR);
}

/** Several displays may mirror one code; two different enrollments are the user's to choose between. */
function onlyPushBarcode(found: string[]): string {
  const barcodes = [...new Set(found.filter(isPushBarcode).map((text) => text.trim()))];
  if (barcodes.length > 1) throw new InputError(SEVERAL_PUSH_QR_ON_SCREEN);
  if (barcodes[0] !== undefined) return barcodes[0];
  throw new InputError(found.some(isOtpPayload) ? AUTHENTICATOR_ACCOUNT_QR : NO_PUSH_QR_ON_SCREEN);
}

/**
 * The push enrollment barcode a QR source holds, decoded in main: it carries an enrollment transaction
 * or ticket, so neither it nor the captured screens ever reach the page. Null when the user cancelled a
 * screen-area selection; an InputError saying what was found instead otherwise.
 */
export async function readPushBarcode(source: PushQrSource, adapters: ElectronAdapters): Promise<string | null> {
  switch (source.kind) {
    case 'image':
      return requirePushBarcode(readQrText(source.bytes), 'No QR code was found in the image');
    case 'clipboard':
      return requirePushBarcode(qrTextOnClipboard(adapters.clipboard), 'No QR code was found in the clipboard image');
    case 'screen':
      return onlyPushBarcode(await qrTextsOnScreens(adapters));
    case 'region': {
      const selection = await adapters.selectScreenRegion();
      return selection === null ? null : requirePushBarcode(readQrInRegion(selection), 'No QR code found in the selected area');
    }
  }
}
