import { MIN_REGION_SIZE_DIP, type ScreenRegion } from '../ipc/contract';
import { isScreenRegion } from '../ipc/validators';
import { decodeImage, findQrText, type Rgba } from './qr-image';

/** One display as desktopCapturer saw it before any overlay opened; its pixels never leave main. */
export interface DisplayCapture {
  /** Where the display sits on the virtual desktop, in DIP (Electron's Display.bounds). */
  bounds: ScreenRegion;
  /** The capture as PNG, encoded only for the display the user selected on. */
  png(): Uint8Array;
}

/** What the user selected: an area of one display, in DIP from that display's top-left corner. */
export interface RegionSelection {
  capture: DisplayCapture;
  area: ScreenRegion;
}

/** Where an overlay page really sits: window managers may keep a window clear of panels or a menu bar. */
export interface OverlayPlacement {
  /** The overlay window's content area on the virtual desktop, in DIP. */
  contentBounds: ScreenRegion;
  /** The page's zoom: one CSS px is this many DIP. */
  zoomFactor: number;
}

/** A whole-pixel rectangle of a captured image. */
export type PixelRect = ScreenRegion;

const contains = (outer: { width: number; height: number }, inner: ScreenRegion): boolean =>
  inner.x >= 0 && inner.y >= 0 && inner.x + inner.width <= outer.width && inner.y + inner.height <= outer.height;

/**
 * The area an overlay page submitted, as DIP from its display's top-left corner; null when it is not
 * a rectangle, smaller than MIN_REGION_SIZE_DIP, or not wholly on the overlay and the display.
 */
export function regionOnDisplay(submitted: unknown, overlay: OverlayPlacement, display: ScreenRegion): ScreenRegion | null {
  if (!isScreenRegion(submitted) || !(overlay.zoomFactor > 0)) return null;
  const zoom = overlay.zoomFactor;
  const onPage = { x: submitted.x * zoom, y: submitted.y * zoom, width: submitted.width * zoom, height: submitted.height * zoom };
  if (onPage.width < MIN_REGION_SIZE_DIP || onPage.height < MIN_REGION_SIZE_DIP || !contains(overlay.contentBounds, onPage)) return null;
  const area = {
    x: overlay.contentBounds.x - display.x + onPage.x,
    y: overlay.contentBounds.y - display.y + onPage.y,
    width: onPage.width,
    height: onPage.height,
  };
  return contains(display, area) ? area : null;
}

/**
 * DIP of a display → pixels of its capture. The scale is measured from the capture rather than taken
 * from Display.scaleFactor: desktopCapturer fits every display into one thumbnail size, so a smaller
 * display comes back scaled, and the ratio equals scaleFactor only for a capture at full size.
 */
export function toImagePixels(area: ScreenRegion, display: { width: number; height: number }, image: { width: number; height: number }): PixelRect {
  const scaleX = image.width / display.width;
  const scaleY = image.height / display.height;
  const clamp = (value: number, max: number) => Math.min(Math.max(value, 0), max);
  const left = clamp(Math.floor(area.x * scaleX), image.width);
  const top = clamp(Math.floor(area.y * scaleY), image.height);
  const right = clamp(Math.ceil((area.x + area.width) * scaleX), image.width);
  const bottom = clamp(Math.ceil((area.y + area.height) * scaleY), image.height);
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** The pixels inside `rect`, which must lie within the image. */
export function cropRgba(image: Rgba, rect: PixelRect): Rgba {
  const rowBytes = rect.width * 4;
  const data = new Uint8Array(rowBytes * rect.height);
  for (let row = 0; row < rect.height; row += 1) {
    const start = ((rect.y + row) * image.width + rect.x) * 4;
    data.set(image.data.subarray(start, start + rowBytes), row * rowBytes);
  }
  return { data, width: rect.width, height: rect.height };
}

/** The text of the QR code inside the selected area, or null when the area holds none. */
export function readQrInRegion({ capture, area }: RegionSelection): string | null {
  const image = decodeImage(capture.png());
  const rect = toImagePixels(area, capture.bounds, image);
  if (rect.width === 0 || rect.height === 0) return null;
  return findQrText(cropRgba(image, rect));
}

/** One thumbnail size that holds every display at its full pixel size (DIP × scaleFactor). */
export function largestPhysicalSize(displays: readonly { size: { width: number; height: number }; scaleFactor: number }[]): { width: number; height: number } {
  return displays.reduce(
    (size, display) => ({
      width: Math.max(size.width, Math.round(display.size.width * display.scaleFactor)),
      height: Math.max(size.height, Math.round(display.size.height * display.scaleFactor)),
    }),
    { width: 0, height: 0 },
  );
}

/**
 * Pairs each display with its desktopCapturer source by display id. Some Linux capturers leave
 * display_id empty: then, only when the counts agree, by list order (right for one display, a best
 * guess for several; a wrong guess reads the wrong display and finds no QR code, nothing worse).
 */
export function pairSources<D extends { id: number }, S extends { display_id: string }>(displays: readonly D[], sources: readonly S[]): [D, S][] {
  const byId = displays.flatMap((display): [D, S][] => {
    const source = sources.find((candidate) => candidate.display_id === String(display.id));
    return source ? [[display, source]] : [];
  });
  if (byId.length > 0 || displays.length !== sources.length) return byId;
  return displays.map((display, index): [D, S] => [display, sources[index]!]);
}
