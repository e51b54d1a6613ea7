import { PNG } from 'pngjs';
import QRCode from 'qrcode';

/** The code a test selects, and a decoy elsewhere on the same screen that it must not read. */
export const WANTED_URI = 'otpauth://totp/Wanted:ada@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Wanted';
export const DECOY_URI = 'otpauth://totp/Decoy:eve@example.com?secret=GEZDGNBVGY3TQOJQ&issuer=Decoy';

export interface DrawnCode {
  uri: string;
  /** Top-left corner in the capture's pixels. */
  x: number;
  y: number;
  /** Pixels per QR module. */
  scale: number;
}

/** A deterministic grey noise generator (an LCG), so every run draws the same "desktop". */
function noise(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state >>> 24;
  };
}

/** A screen capture as desktopCapturer would hand main: busy noise with QR codes drawn on it. */
export async function noisyScreenPng(width: number, height: number, codes: DrawnCode[]): Promise<Uint8Array> {
  const screen = new PNG({ width, height });
  const next = noise(width * 31 + height);
  for (let offset = 0; offset < screen.data.length; offset += 4) {
    const grey = 40 + (next() % 176);
    screen.data[offset] = grey;
    screen.data[offset + 1] = (grey + 30) % 256;
    screen.data[offset + 2] = 255 - grey;
    screen.data[offset + 3] = 0xff;
  }
  for (const code of codes) {
    const qr = PNG.sync.read(await QRCode.toBuffer(code.uri, { margin: 4, scale: code.scale }));
    PNG.bitblt(qr, screen, 0, 0, qr.width, qr.height, code.x, code.y);
  }
  return new Uint8Array(PNG.sync.write(screen));
}

/** How many pixels wide a drawn code is (modules + both quiet zones, times the scale). */
export async function drawnSize(uri: string, scale: number): Promise<number> {
  return PNG.sync.read(await QRCode.toBuffer(uri, { margin: 4, scale })).width;
}
