import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_ICON_SIZE, drawAppIcon } from '../../../scripts/app-icon';
import { ROOT } from './packaging-checks';

const BACKGROUND = [0x1f, 0x3a, 0x5f, 0xff];
const INK = [0xff, 0xff, 0xff, 0xff];
const temps: string[] = [];

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** RGBA at a point given as a fraction of the side, so the asserts hold at any size. */
function pixelAt(png: PNG, fx: number, fy: number): number[] {
  const offset = (Math.floor(fy * png.height) * png.width + Math.floor(fx * png.width)) * 4;
  return [...png.data.subarray(offset, offset + 4)];
}

describe('scripts/app-icon.ts', () => {
  it('draws a square PNG large enough for .icns (512 px at least): the tray mark, transparent corners', () => {
    const png = PNG.sync.read(drawAppIcon());
    expect([png.width, png.height]).toEqual([APP_ICON_SIZE, APP_ICON_SIZE]);
    expect(APP_ICON_SIZE).toBeGreaterThanOrEqual(512);
    expect(pixelAt(png, 0, 0)[3]).toBe(0);
    expect(pixelAt(png, 0.99, 0.99)[3]).toBe(0);
    expect(pixelAt(png, 0.5, 0.6)).toEqual(INK); // the stem
    expect(pixelAt(png, 0.3, 0.25)).toEqual(INK); // the bar
    expect(pixelAt(png, 0.25, 0.6)).toEqual(BACKGROUND);
    expect(pixelAt(png, 0.5, 0.9)).toEqual(BACKGROUND);
    // Edges are smoothed, not stair-stepped: some pixels are partly covered.
    const alphas = new Set<number>();
    for (let i = 3; i < png.data.length; i += 4) alphas.add(png.data[i]!);
    expect([...alphas].some((alpha) => alpha > 0 && alpha < 255)).toBe(true);
  });

  it('writes the icon where it is told, creating the folder (as scripts/dist.mjs runs it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-icon-'));
    temps.push(dir);
    const target = join(dir, 'build-resources', 'icon.png');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/app-icon.ts', target], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readFileSync(target).equals(drawAppIcon())).toBe(true);
  });
});
