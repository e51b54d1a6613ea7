// Usage: tsx scripts/app-icon.ts <out.png>
// Draws the installers' icon: the tray icon's mark (src-main/desktop/tray-icon.ts, a "T" on a rounded
// square, same colours) at a size electron-builder can turn into .icns, .ico and the Linux icon set.
// Drawn at packaging time like the tray icon, so no binary asset lives in the repository.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

/** macOS needs at least 512 px for an .icns; 1024 px also covers its @2x size. */
export const APP_ICON_SIZE = 1024;

const BACKGROUND = [0x1f, 0x3a, 0x5f] as const;
const INK = [0xff, 0xff, 0xff] as const;
// Geometry in units of the tray icon's 32 px grid, so both marks keep one shape.
const GRID = 32;
const MARGIN = 1;
const RADIUS = 6;
const BAR = { x0: 7, x1: 25, y0: 7, y1: 12 };
const STEM = { x0: 14, x1: 18, y0: 7, y1: 26 };
// Samples per pixel side: 4 × 4 gives smooth edges at every size electron-builder derives.
const SUPERSAMPLE = 4;

type Box = { x0: number; x1: number; y0: number; y1: number };

const inBox = (x: number, y: number, box: Box): boolean => x >= box.x0 && x < box.x1 && y >= box.y0 && y < box.y1;

function inRoundedSquare(x: number, y: number): boolean {
  const low = MARGIN + RADIUS;
  const high = GRID - MARGIN - RADIUS;
  const dx = x < low ? low - x : x > high ? x - high : 0;
  const dy = y < low ? low - y : y > high ? y - high : 0;
  return x >= MARGIN && x <= GRID - MARGIN && y >= MARGIN && y <= GRID - MARGIN && dx * dx + dy * dy <= RADIUS * RADIUS;
}

/** The icon as a PNG of `size` × `size` pixels, transparent outside the rounded square. */
export function drawAppIcon(size: number = APP_ICON_SIZE): Buffer {
  const png = new PNG({ width: size, height: size });
  const step = GRID / size / SUPERSAMPLE;
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let covered = 0;
      let inked = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy += 1) {
        for (let sx = 0; sx < SUPERSAMPLE; sx += 1) {
          const x = (px * SUPERSAMPLE + sx + 0.5) * step;
          const y = (py * SUPERSAMPLE + sy + 0.5) * step;
          if (!inRoundedSquare(x, y)) continue;
          covered += 1;
          if (inBox(x, y, BAR) || inBox(x, y, STEM)) inked += 1;
        }
      }
      const ink = covered === 0 ? 0 : inked / covered;
      const offset = (py * size + px) * 4;
      for (let channel = 0; channel < 3; channel += 1) {
        png.data[offset + channel] = Math.round(BACKGROUND[channel]! * (1 - ink) + INK[channel]! * ink);
      }
      png.data[offset + 3] = Math.round((covered / (SUPERSAMPLE * SUPERSAMPLE)) * 255);
    }
  }
  return PNG.sync.write(png);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: tsx scripts/app-icon.ts <out.png>');
    process.exit(2);
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, drawAppIcon());
}
