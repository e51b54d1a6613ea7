import { PNG } from 'pngjs';

const SIZE = 32;
const BACKGROUND = [0x1f, 0x3a, 0x5f, 0xff] as const;
const INK = [0xff, 0xff, 0xff, 0xff] as const;

/** The tray icon drawn at run time (a "T" on a rounded square), so no binary asset ships in the repo. */
export function trayIconPng(): Buffer {
  const png = new PNG({ width: SIZE, height: SIZE });
  for (let y = 0; y < SIZE; y += 1) {
    for (let x = 0; x < SIZE; x += 1) {
      const corner = Math.min(x, SIZE - 1 - x) + Math.min(y, SIZE - 1 - y) < 4;
      const bar = y >= 7 && y <= 11 && x >= 7 && x <= 24;
      const stem = x >= 14 && x <= 17 && y >= 7 && y <= 25;
      const colour = corner ? [0, 0, 0, 0] : bar || stem ? INK : BACKGROUND;
      png.data.set(colour, (y * SIZE + x) * 4);
    }
  }
  return PNG.sync.write(png);
}
