import { BrowserWindow, desktopCapturer, screen, type IpcMainInvokeEvent } from 'electron';
import type { RegionOverlayChannels } from '../ipc/contract';
import { isTrustedSender } from '../security/trusted-sender';
import { confineToAppPages, secureWebPreferences } from '../window';
import type { AppWindowHiding } from './hide-for-capture';
import { largestPhysicalSize, pairSources, type DisplayCapture } from './region-capture';
import { createRegionPicker, type RegionOverlayHost, type RegionSession } from './region-session';

// The Electron half of selecting a screen area; the rules live in region-capture.ts and region-session.ts.

/** The overlay page and its preload (src-renderer/overlay.html, src-main/preload/overlay.ts). */
export interface OverlayPage {
  url: string;
  preloadPath: string;
  /** The app's origins, as for the main window. */
  allowedOrigins: readonly string[];
}

const CHANNELS: RegionOverlayChannels = { submitRegion: 'region:submit', cancel: 'region:cancel' };

async function captureDisplays(): Promise<DisplayCapture[]> {
  const displays = screen.getAllDisplays();
  const sources = await desktopCapturer.getSources({ types: ['screen'], thumbnailSize: largestPhysicalSize(displays) });
  // Without the OS's screen-recording permission (macOS) a source comes back with an empty thumbnail.
  return pairSources(displays, sources.filter((source) => !source.thumbnail.isEmpty())).map(([display, source]) => ({
    bounds: { ...display.bounds },
    png: () => source.thumbnail.toPNG(),
  }));
}

function openOverlay(page: OverlayPage, capture: DisplayCapture, session: RegionSession): { close(): void } {
  const window = new BrowserWindow({
    ...capture.bounds,
    title: 'Select an area with a QR code',
    frame: false,
    transparent: true,
    alwaysOnTop: true,
    skipTaskbar: true,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    hasShadow: false,
    enableLargerThanScreen: true,
    show: false,
    webPreferences: secureWebPreferences(page.preloadPath),
  });
  const contents = window.webContents;
  const senderId = contents.id;
  confineToAppPages(contents, page.allowedOrigins);
  // The overlay is one page: it never navigates, not even to another app page.
  contents.on('will-navigate', (event) => event.preventDefault());
  // No menu, so no zoom accelerators; a zoom that happens anyway is read back on submit.
  window.removeMenu();
  window.setAlwaysOnTop(true, 'screen-saver');

  // The channels live on this window's own ipc, so only this page can reach them; the page URL is
  // checked as for ipcMain (src-main/index.ts), the sender id by the session.
  const fromOverlayPage = (event: IpcMainInvokeEvent) => isTrustedSender(event.senderFrame?.url, page.allowedOrigins);
  session.addOverlay(senderId, capture, () => ({ contentBounds: window.getContentBounds(), zoomFactor: contents.getZoomFactor() }));
  contents.ipc.handle(CHANNELS.submitRegion, (event, region: unknown) => fromOverlayPage(event) && session.submit(event.sender.id, region));
  contents.ipc.handle(CHANNELS.cancel, (event) => void (fromOverlayPage(event) && session.cancel(event.sender.id)));
  // Closing an overlay any other way (Alt+F4) cancels the selection. So do Escape and a page that
  // failed, seen here in main: an overlay covers the whole display and must never be a trap.
  window.on('closed', () => session.cancel(senderId));
  contents.on('before-input-event', (_event, input) => {
    if (input.type === 'keyDown' && input.key === 'Escape') session.cancel(senderId);
  });
  contents.on('did-fail-load', () => session.cancel(senderId));
  contents.on('render-process-gone', () => session.cancel(senderId));

  window.once('ready-to-show', () => {
    window.show();
    const underCursor = screen.getDisplayNearestPoint(screen.getCursorScreenPoint()).bounds;
    if (underCursor.x === capture.bounds.x && underCursor.y === capture.bounds.y) window.focus();
  });
  void window.loadURL(page.url);
  return {
    close() {
      if (!window.isDestroyed()) window.destroy();
    },
  };
}

/** `hiding`: the app's window, hidden while the displays are captured and the overlays are open. */
export function createElectronRegionPicker(page: OverlayPage, hiding: AppWindowHiding) {
  const host: RegionOverlayHost = {
    captureDisplays,
    openOverlay: (capture, session) => openOverlay(page, capture, session),
  };
  return createRegionPicker(host, hiding);
}
