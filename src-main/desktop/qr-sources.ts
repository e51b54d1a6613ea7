import type { ClipboardAdapter, ElectronAdapters } from './adapters';
import { InputError } from './outcome';
import { readQrText } from './qr-image';

// Where main reads QR codes from, for the vault's scans and Push's enrollment alike. The images stay in main.

/** The text of the QR code in the clipboard's image, or null when the image holds none. */
export function qrTextOnClipboard(clipboard: ClipboardAdapter): string | null {
  const png = clipboard.readImagePng();
  if (png === null) throw new InputError('The clipboard holds no image');
  return readQrText(png);
}

/** The text of the QR code on each display that shows one (captured with Tessera's window out of the way). */
export async function qrTextsOnScreens(adapters: Pick<ElectronAdapters, 'captureScreensPng'>): Promise<string[]> {
  return (await adapters.captureScreensPng()).map(readQrText).filter((text): text is string => text !== null);
}
