import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How long the compositor gets to take the hidden app window off the screen before a capture.
 * `hide()` returns before the window has left what desktopCapturer sees: Windows' DWM fades a hidden
 * window out over about 200 ms, and X11/Wayland compositors and macOS redraw asynchronously. A little
 * over that fade, and short enough that the user does not wait for it.
 */
export const COMPOSITOR_SETTLE_MS = 250;

/** What hiding needs of the app's window (an Electron BrowserWindow has all of it). */
export interface HideableWindow {
  isDestroyed(): boolean;
  isVisible(): boolean;
  isMinimized(): boolean;
  hide(): void;
  show(): void;
}

export interface AppWindowHiding {
  /** The app's main window, when one is open (never an overlay). */
  appWindow(): HideableWindow | undefined;
  /** Waits `ms` for the compositor; tests pass one that does not sleep. Default: a timer. */
  settle?: (ms: number) => Promise<void>;
}

const waitForCompositor = (ms: number): Promise<void> => sleep(ms);

/**
 * Runs `work` (a screen capture, a screen-area selection) with the app's window out of the way, so the
 * window is never in the capture over the QR code the user wants. A window on screen is hidden first
 * and always shown again when `work` settles, failed or not; a hidden or minimized one is left alone.
 */
export async function withAppWindowHidden<T>(hiding: AppWindowHiding, work: () => Promise<T>): Promise<T> {
  const window = hiding.appWindow();
  if (window === undefined || window.isDestroyed() || !window.isVisible() || window.isMinimized()) return work();
  window.hide();
  try {
    await (hiding.settle ?? waitForCompositor)(COMPOSITOR_SETTLE_MS);
    return await work();
  } finally {
    // The user may have closed it meanwhile (from the taskbar or the tray's Quit).
    if (!window.isDestroyed()) window.show();
  }
}
