import { withAppWindowHidden, type AppWindowHiding } from './hide-for-capture';
import { InputError } from './outcome';
import { regionOnDisplay, type DisplayCapture, type OverlayPlacement, type RegionSelection } from './region-capture';

/**
 * One screen-area selection: the overlays open for it, and its single outcome. The first valid
 * submit or the first cancel from one of its overlays settles it; anything later is ignored.
 */
export interface RegionSession {
  /** `placement` is read when the overlay submits, from the window as it then is. */
  addOverlay(senderId: number, capture: DisplayCapture, placement: () => OverlayPlacement): void;
  /** True when the area was taken; false for a sender that is not an overlay, an invalid area, or too late. */
  submit(senderId: number, submitted: unknown): boolean;
  cancel(senderId: number): boolean;
  readonly result: Promise<RegionSelection | null>;
}

/** What only Electron can do: capture the displays, and open an overlay window on one. */
export interface RegionOverlayHost {
  captureDisplays(): Promise<DisplayCapture[]>;
  /** Opens an overlay over the capture's display; it must call `session.addOverlay` for its page. */
  openOverlay(capture: DisplayCapture, session: RegionSession): { close(): void };
}

export function createRegionSession(): RegionSession {
  const overlays = new Map<number, { capture: DisplayCapture; placement: () => OverlayPlacement }>();
  let settled = false;
  let settle: (selection: RegionSelection | null) => void = () => undefined;
  const result = new Promise<RegionSelection | null>((resolve) => (settle = resolve));

  function finish(selection: RegionSelection | null): true {
    settled = true;
    settle(selection);
    return true;
  }

  return {
    addOverlay(senderId, capture, placement) {
      overlays.set(senderId, { capture, placement });
    },
    submit(senderId, submitted) {
      const overlay = overlays.get(senderId);
      if (settled || overlay === undefined) return false;
      const area = regionOnDisplay(submitted, overlay.placement(), overlay.capture.bounds);
      return area !== null && finish({ capture: overlay.capture, area });
    },
    cancel(senderId) {
      return !settled && overlays.has(senderId) && finish(null);
    },
    result,
  };
}

/** Captures every display, then shows one overlay per display until the user selects or cancels. */
async function pickOnOverlays(host: RegionOverlayHost): Promise<RegionSelection | null> {
  const overlays: { close(): void }[] = [];
  try {
    const captures = await host.captureDisplays();
    if (captures.length === 0) throw new InputError('The screens could not be captured');
    const session = createRegionSession();
    for (const capture of captures) overlays.push(host.openOverlay(capture, session));
    return await session.result;
  } finally {
    for (const overlay of overlays) overlay.close();
  }
}

/**
 * Selecting a screen area: the app's window is hidden and every display captured first, so neither
 * it nor an overlay is ever in a capture; then one overlay per display until the user selects or
 * cancels. The overlays are closed, and the app's window shown again, before the caller reads the
 * area, however the selection ended. One selection at a time.
 */
export function createRegionPicker(host: RegionOverlayHost, hiding: AppWindowHiding): () => Promise<RegionSelection | null> {
  let open = false;
  return async function selectScreenRegion() {
    if (open) throw new InputError('A screen area selection is already open');
    open = true;
    try {
      return await withAppWindowHidden(hiding, () => pickOnOverlays(host));
    } finally {
      open = false;
    }
  };
}
