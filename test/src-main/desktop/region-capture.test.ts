import { describe, expect, it } from 'vitest';
import { MIN_REGION_SIZE_DIP } from '../../../src-main/ipc/contract';
import { cropRgba, largestPhysicalSize, pairSources, readQrInRegion, regionOnDisplay, toImagePixels } from '../../../src-main/desktop/region-capture';
import { DECOY_URI, noisyScreenPng, WANTED_URI } from './screen-fixtures';

/** A second display right of a 1920-wide primary, its top edge 120 DIP above the primary's. */
const DISPLAY = { x: 1920, y: -120, width: 640, height: 400 };
/** An overlay that got exactly the display's bounds, at zoom 1. */
const COVERING = { contentBounds: DISPLAY, zoomFactor: 1 };

describe('DIP → capture pixels', () => {
  it.each([
    ['scale factor 1', { width: 640, height: 400 }, { x: 10, y: 20, width: 100, height: 50 }, { x: 10, y: 20, width: 100, height: 50 }],
    ['scale factor 2', { width: 1280, height: 800 }, { x: 10, y: 20, width: 100, height: 50 }, { x: 20, y: 40, width: 200, height: 100 }],
    // 125 %: a DIP edge falls between pixels; the crop widens to whole pixels so nothing selected is lost.
    ['scale factor 1.25', { width: 800, height: 500 }, { x: 10, y: 10, width: 101, height: 101 }, { x: 12, y: 12, width: 127, height: 127 }],
    // desktopCapturer fits every display into one thumbnail size: a smaller display comes back enlarged.
    ['a thumbnail larger than the display (scale factor 1, enlarged ×3)', { width: 1920, height: 1200 }, { x: 10, y: 20, width: 100, height: 50 }, { x: 30, y: 60, width: 300, height: 150 }],
    ['an area touching the bottom-right corner', { width: 1280, height: 800 }, { x: 540, y: 300, width: 100, height: 100 }, { x: 1080, y: 600, width: 200, height: 200 }],
  ])('%s', (_name, image, area, pixels) => {
    expect(toImagePixels(area, DISPLAY, image)).toEqual(pixels);
  });
});

describe('the area an overlay submits', () => {
  it('is taken relative to its own display, whatever the display’s origin on the desktop', () => {
    expect(regionOnDisplay({ x: 30, y: 40, width: 120, height: 80 }, COVERING, DISPLAY)).toEqual({ x: 30, y: 40, width: 120, height: 80 });
  });

  it('is shifted by where the window manager really put the overlay (below a 32 DIP panel)', () => {
    const belowPanel = { contentBounds: { ...DISPLAY, y: DISPLAY.y + 32, height: DISPLAY.height - 32 }, zoomFactor: 1 };
    expect(regionOnDisplay({ x: 30, y: 40, width: 120, height: 80 }, belowPanel, DISPLAY)).toEqual({ x: 30, y: 72, width: 120, height: 80 });
  });

  it('is scaled by the page zoom (CSS px × zoom = DIP)', () => {
    expect(regionOnDisplay({ x: 20, y: 40, width: 100, height: 60 }, { ...COVERING, zoomFactor: 1.5 }, DISPLAY)).toEqual({ x: 30, y: 60, width: 150, height: 90 });
  });

  it.each([
    ['null', null],
    ['an array', [0, 0, 100, 100]],
    ['a string', '0,0,100,100'],
    ['an object with a prototype', Object.assign(Object.create({ inherited: true }) as object, { x: 0, y: 0, width: 100, height: 100 })],
    ['a missing key', { x: 0, y: 0, width: 100 }],
    ['an extra key', { x: 0, y: 0, width: 100, height: 100, display: 2 }],
    ['numbers as strings', { x: '0', y: '0', width: '100', height: '100' }],
    ['NaN', { x: Number.NaN, y: 0, width: 100, height: 100 }],
    ['Infinity', { x: 0, y: 0, width: Number.POSITIVE_INFINITY, height: 100 }],
    ['a negative origin', { x: -1, y: 0, width: 100, height: 100 }],
    ['a negative size', { x: 200, y: 200, width: -100, height: -100 }],
    ['an area past the right edge', { x: 600, y: 0, width: 41, height: 100 }],
    ['an area past the bottom edge', { x: 0, y: 350, width: 100, height: 51 }],
    ['an area narrower than the minimum', { x: 0, y: 0, width: MIN_REGION_SIZE_DIP - 1, height: 100 }],
    ['an area lower than the minimum', { x: 0, y: 0, width: 100, height: MIN_REGION_SIZE_DIP - 0.5 }],
  ])('is refused: %s', (_name, submitted) => {
    expect(regionOnDisplay(submitted, COVERING, DISPLAY)).toBeNull();
  });

  it('is refused when the overlay lies partly off its display, for the part that is off it', () => {
    const overhanging = { contentBounds: { ...DISPLAY, x: DISPLAY.x - 50 }, zoomFactor: 1 };
    expect(regionOnDisplay({ x: 10, y: 10, width: 100, height: 100 }, overhanging, DISPLAY)).toBeNull();
    expect(regionOnDisplay({ x: 60, y: 10, width: 100, height: 100 }, overhanging, DISPLAY)).toEqual({ x: 10, y: 10, width: 100, height: 100 });
  });

  it('is refused at a zoom that is not a positive number', () => {
    expect(regionOnDisplay({ x: 0, y: 0, width: 100, height: 100 }, { ...COVERING, zoomFactor: 0 }, DISPLAY)).toBeNull();
    expect(regionOnDisplay({ x: 0, y: 0, width: 100, height: 100 }, { ...COVERING, zoomFactor: Number.NaN }, DISPLAY)).toBeNull();
  });
});

describe('cropping', () => {
  it('copies exactly the rows and columns of the rectangle', () => {
    // 4×3 pixels, each pixel's four bytes all equal to its index.
    const image = { width: 4, height: 3, data: new Uint8Array(Array.from({ length: 12 }, (_, index) => [index, index, index, index]).flat()) };
    const crop = cropRgba(image, { x: 1, y: 1, width: 2, height: 2 });
    expect({ width: crop.width, height: crop.height }).toEqual({ width: 2, height: 2 });
    expect([...crop.data].filter((_, offset) => offset % 4 === 0)).toEqual([5, 6, 9, 10]);
  });
});

describe('reading the QR code in the selected area', () => {
  // Two codes on one noisy display; which one is read depends only on the area.
  it.each([
    ['scale factor 2', 2],
    ['scale factor 1', 1],
  ])('finds the wanted code, not the decoy (%s, display at a non-zero origin)', async (_name, scale) => {
    const png = await noisyScreenPng(DISPLAY.width * scale, DISPLAY.height * scale, [
      { uri: WANTED_URI, x: 410 * scale, y: 200 * scale, scale: 2 * scale },
      { uri: DECOY_URI, x: 80 * scale, y: 60 * scale, scale: 2 * scale },
    ]);
    const capture = { bounds: DISPLAY, png: () => png };
    expect(readQrInRegion({ capture, area: { x: 400, y: 190, width: 110, height: 110 } })).toBe(WANTED_URI);
    expect(readQrInRegion({ capture, area: { x: 70, y: 50, width: 110, height: 110 } })).toBe(DECOY_URI);
    expect(readQrInRegion({ capture, area: { x: 250, y: 30, width: 120, height: 120 } })).toBeNull();
    // Half of the wanted code is not enough to read it.
    expect(readQrInRegion({ capture, area: { x: 400, y: 190, width: 55, height: 110 } })).toBeNull();
  });
});

describe('capturing displays', () => {
  it('asks for one thumbnail size that holds every display at full pixel size', () => {
    expect(largestPhysicalSize([
      { size: { width: 1920, height: 1080 }, scaleFactor: 1 },
      { size: { width: 1440, height: 900 }, scaleFactor: 2 },
      { size: { width: 1536, height: 864 }, scaleFactor: 1.25 },
    ])).toEqual({ width: 2880, height: 1800 });
  });

  it('pairs displays with sources by display id, else by order only when the counts agree', () => {
    const displays = [{ id: 1 }, { id: 2 }];
    expect(pairSources(displays, [{ display_id: '2', name: 'b' }, { display_id: '1', name: 'a' }])).toEqual([[{ id: 1 }, { display_id: '1', name: 'a' }], [{ id: 2 }, { display_id: '2', name: 'b' }]]);
    expect(pairSources(displays, [{ display_id: '', name: 'a' }, { display_id: '', name: 'b' }])).toEqual([[{ id: 1 }, { display_id: '', name: 'a' }], [{ id: 2 }, { display_id: '', name: 'b' }]]);
    expect(pairSources(displays, [{ display_id: '', name: 'a' }])).toEqual([]);
  });
});
