import { BrowserWindow, screen, type IpcMainInvokeEvent } from 'electron';
import { PALETTE_CHANNELS } from '../../ipc/contract/palette';
import { isTrustedSender } from '../../security/trusted-sender';
import { confineToAppPages, secureWebPreferences } from '../../window';
import type { PaletteWindowAdapter } from '../adapters';
import type { PaletteHandlers } from './palette-service';

// The Electron half of the quick-search palette; what it does lives in palette-service.ts.

/** The palette page and its preload (src-renderer/palette.html, src-main/preload/palette.ts). */
export interface PalettePage {
  url: string;
  preloadPath: string;
  allowedOrigins: readonly string[];
}

const WIDTH = 560;
const HEIGHT = 380;
/** From the top of the display the cursor is on, as Spotlight and 1Password's Quick Access sit. */
const TOP_FRACTION = 0.2;

function createWindow(page: PalettePage, handlers: () => PaletteHandlers | undefined, onCreated: (window: BrowserWindow) => void): BrowserWindow {
  const window = new BrowserWindow({
    width: WIDTH,
    height: HEIGHT,
    title: 'Tessera quick search',
    frame: false,
    alwaysOnTop: true,
    skipTaskbar: true,
    resizable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    show: false,
    webPreferences: secureWebPreferences(page.preloadPath),
  });
  const contents = window.webContents;
  confineToAppPages(contents, page.allowedOrigins);
  // One page: it never navigates, not even to another app page.
  contents.on('will-navigate', (event) => event.preventDefault());
  window.removeMenu();
  window.setAlwaysOnTop(true, 'pop-up-menu');
  // The channels live on this window's own ipc, so only this page reaches them (as the screen-area overlay's).
  const fromPalettePage = (event: IpcMainInvokeEvent) => isTrustedSender(event.senderFrame?.url, page.allowedOrigins);
  const serve = (channel: string, call: (service: PaletteHandlers, arg: unknown) => Promise<unknown>) =>
    contents.ipc.handle(channel, async (event, arg: unknown) => {
      const service = handlers();
      if (!fromPalettePage(event) || service === undefined) throw new Error('IPC request rejected');
      return call(service, arg);
    });
  serve(PALETTE_CHANNELS.search, (service, text) => service.search(text));
  serve(PALETTE_CHANNELS.copy, (service, id) => service.copy(id));
  serve(PALETTE_CHANNELS.close, (service) => service.close());
  serve(PALETTE_CHANNELS.openApp, (service) => service.openApp());
  // A palette that lost the focus is done with (Spotlight's rule); Escape closes it even if the page hangs.
  window.on('blur', () => window.hide());
  contents.on('before-input-event', (_event, input) => {
    if (input.type === 'keyDown' && input.key === 'Escape') window.hide();
  });
  onCreated(window);
  void window.loadURL(page.url);
  return window;
}

function placeOnCursorDisplay(window: BrowserWindow): void {
  const { workArea } = screen.getDisplayNearestPoint(screen.getCursorScreenPoint());
  window.setPosition(Math.round(workArea.x + (workArea.width - WIDTH) / 2), Math.round(workArea.y + workArea.height * TOP_FRACTION));
}

/** `handlers`: the desktop's palette calls once it is up; `onCreated`: for content protection. */
export function createElectronPalette(page: PalettePage, handlers: () => PaletteHandlers | undefined, onCreated: (window: BrowserWindow) => void): PaletteWindowAdapter {
  let window: BrowserWindow | undefined;
  return {
    show() {
      if (window === undefined || window.isDestroyed()) {
        const created = createWindow(page, handlers, onCreated);
        window = created;
        created.once('ready-to-show', () => {
          placeOnCursorDisplay(created);
          created.show();
          created.focus();
        });
        return;
      }
      placeOnCursorDisplay(window);
      window.show();
      window.focus();
    },
    hide() {
      if (window !== undefined && !window.isDestroyed()) window.hide();
    },
  };
}
