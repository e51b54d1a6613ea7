import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createElectronAdapters } from '../../../src-main/desktop/electron-adapters';
import { createElectronRegionPicker } from '../../../src-main/desktop/electron-region-overlay';
import { COMPOSITOR_SETTLE_MS, type AppWindowHiding } from '../../../src-main/desktop/hide-for-capture';
import { startDesktop, valueOf } from './desktop-fixture';
import { fakeAdapters, untouchedAppWindows } from './fake-adapters';
import { DECOY_URI, noisyScreenPng, WANTED_URI } from './screen-fixtures';

// The screen-area selection against a recording fake of Electron's desktopCapturer, screen and
// BrowserWindow, wired into the real desktop services: what main does from the button to the vault.

interface FakeEvent {
  sender: { id: number };
  senderFrame: { url: string } | null;
}
type Handler = (event: FakeEvent, ...args: unknown[]) => unknown;
type Listener = (...args: never[]) => void;

const electron = vi.hoisted(() => ({
  log: [] as string[],
  windows: [] as {
    options: Record<string, unknown>;
    destroyed: boolean;
    calls: string[];
    events: Map<string, () => void>;
    contents: { id: number; handlers: Map<string, Handler>; contentsEvents: Map<string, Listener>; openHandler?: () => unknown };
  }[],
  displays: [] as { id: number; bounds: { x: number; y: number; width: number; height: number }; size: { width: number; height: number }; scaleFactor: number }[],
  sources: [] as { display_id: string; png: Uint8Array }[],
  getSources: [] as unknown[],
  /** What desktopCapturer.getSources rejects with, when set. */
  captureError: null as Error | null,
}));

vi.mock('electron', () => {
  class FakeWindow {
    readonly record: (typeof electron.windows)[number];
    readonly webContents;
    constructor(options: Record<string, unknown>) {
      electron.log.push('window');
      const id = 100 + electron.windows.length;
      const handlers = new Map<string, Handler>();
      const contentsEvents = new Map<string, Listener>();
      this.record = { options, destroyed: false, calls: [], events: new Map(), contents: { id, handlers, contentsEvents } };
      electron.windows.push(this.record);
      const record = this.record;
      this.webContents = {
        id,
        ipc: { handle: (channel: string, handler: Handler) => void handlers.set(channel, handler) },
        on: (name: string, listener: Listener) => void contentsEvents.set(`${name}#${contentsEvents.size}`, listener),
        setWindowOpenHandler: (handler: () => unknown) => void (record.contents.openHandler = handler),
        getZoomFactor: () => 1,
      };
    }
    on(name: string, listener: () => void) {
      this.record.events.set(name, listener);
    }
    once(name: string, listener: () => void) {
      this.record.events.set(name, listener);
    }
    removeMenu() {
      this.record.calls.push('removeMenu');
    }
    setAlwaysOnTop(...args: unknown[]) {
      this.record.calls.push(`setAlwaysOnTop ${args.join(' ')}`);
    }
    async loadURL(url: string) {
      this.record.calls.push(`loadURL ${url}`);
    }
    getContentBounds() {
      const { x, y, width, height } = this.record.options as Record<string, number>;
      return { x, y, width, height };
    }
    isDestroyed() {
      return this.record.destroyed;
    }
    destroy() {
      electron.log.push('close overlay');
      this.record.destroyed = true;
      this.record.events.get('closed')?.();
    }
  }
  return {
    BrowserWindow: FakeWindow,
    screen: {
      getAllDisplays: () => electron.displays,
      getCursorScreenPoint: () => ({ x: 0, y: 0 }),
      getDisplayNearestPoint: () => electron.displays[0],
    },
    desktopCapturer: {
      async getSources(options: unknown) {
        electron.log.push('capture');
        electron.getSources.push(options);
        if (electron.captureError) throw electron.captureError;
        return electron.sources.map(({ display_id, png }) => ({ display_id, thumbnail: { isEmpty: () => false, toPNG: () => Buffer.from(png) } }));
      },
    },
  };
});

const PAGE = { url: 'app://tessera/overlay.html', preloadPath: '/app/out/preload/overlay.cjs', allowedOrigins: ['app://tessera'] };
const PRIMARY = { id: 1, bounds: { x: 0, y: 0, width: 1280, height: 800 }, size: { width: 1280, height: 800 }, scaleFactor: 1 };
/** Right of the primary, 100 DIP higher, at 200 %: 640×400 DIP, 1280×800 pixels. */
const SECONDARY = { id: 2, bounds: { x: 1280, y: -100, width: 640, height: 400 }, size: { width: 640, height: 400 }, scaleFactor: 2 };
/** The wanted code on the secondary display, in its DIP (drawn at twice that in pixels). */
const AROUND_WANTED = { x: 400, y: 190, width: 110, height: 110 };
const fromPage = (id: number, url = 'app://tessera/overlay.html'): FakeEvent => ({ sender: { id }, senderFrame: { url } });

/** Fires a webContents event at every listener main registered for it. */
function emit(window: (typeof electron.windows)[number], name: string, ...args: unknown[]): void {
  for (const [key, listener] of window.contents.contentsEvents) if (key.startsWith(`${name}#`)) (listener as (...args: unknown[]) => void)(...args);
}

/** The app's main window (a BrowserWindow in the app), recording into the same log. */
const appWindow = { visible: true, destroyed: false };
const hiding: AppWindowHiding = {
  appWindow: () => ({
    isDestroyed: () => appWindow.destroyed,
    isVisible: () => appWindow.visible,
    isMinimized: () => false,
    hide: () => void (electron.log.push('hide app window'), (appWindow.visible = false)),
    show: () => void (electron.log.push('show app window'), (appWindow.visible = true)),
  }),
  settle: async (ms) => void electron.log.push(`wait ${ms} ms`),
};
const HIDDEN = ['hide app window', `wait ${COMPOSITOR_SETTLE_MS} ms`];

async function startWithOverlays() {
  const adapters = fakeAdapters();
  adapters.selectScreenRegion = createElectronRegionPicker(PAGE, hiding);
  return startDesktop({ adapters });
}

/** The overlay windows of the selection just started, once both are open. */
async function overlays() {
  await expect.poll(() => electron.windows.length).toBe(2);
  return electron.windows.map((window) => Object.assign(window, {
    submit: (event: FakeEvent, region: unknown) => window.contents.handlers.get('region:submit')!(event, region),
    cancel: (event: FakeEvent) => window.contents.handlers.get('region:cancel')!(event),
  }));
}

/** What desktopCapturer answers: the primary with no code, the secondary with the wanted one and a decoy. */
const SOURCES = (async () => [
  { display_id: '1', png: await noisyScreenPng(1280, 800, []) },
  {
    display_id: '2',
    png: await noisyScreenPng(1280, 800, [
      { uri: WANTED_URI, x: 820, y: 400, scale: 4 },
      { uri: DECOY_URI, x: 160, y: 120, scale: 4 },
    ]),
  },
])();

beforeEach(async () => {
  electron.log.length = 0;
  electron.windows.length = 0;
  electron.getSources.length = 0;
  electron.captureError = null;
  Object.assign(appWindow, { visible: true, destroyed: false });
  electron.displays = [PRIMARY, SECONDARY];
  electron.sources = await SOURCES;
});

describe('selecting a screen area with Electron', () => {
  it('hides the app window, captures every display, then opens hardened overlays; only an overlay’s own page may submit; the code lands in the vault', async () => {
    const { desktop } = await startWithOverlays();
    const adding = desktop.handlers['vault:addQrRegion']();
    const [left, right] = await overlays();

    expect(electron.log).toEqual([...HIDDEN, 'capture', 'window', 'window']);
    expect(electron.getSources).toEqual([{ types: ['screen'], thumbnailSize: { width: 1280, height: 800 } }]);
    for (const [window, display] of [[left!, PRIMARY], [right!, SECONDARY]] as const) {
      expect(window.options).toEqual({
        ...display.bounds,
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
        webPreferences: {
          preload: PAGE.preloadPath,
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          nodeIntegrationInWorker: false,
          nodeIntegrationInSubFrames: false,
          webSecurity: true,
          allowRunningInsecureContent: false,
          webviewTag: false,
        },
      });
      expect(window.calls).toEqual(['removeMenu', 'setAlwaysOnTop true screen-saver', `loadURL ${PAGE.url}`]);
      expect(window.contents.openHandler?.()).toEqual({ action: 'deny' });
      // Every navigation is stopped, even to another app page.
      const prevented = vi.fn();
      emit(window, 'will-navigate', { url: 'app://tessera/index.html', preventDefault: prevented });
      expect(prevented).toHaveBeenCalled();
    }

    // The main window (another webContents), a foreign frame, and invalid areas are all refused.
    expect(right!.submit(fromPage(1), AROUND_WANTED)).toBe(false);
    expect(right!.submit(fromPage(right!.contents.id, 'https://evil.example/'), AROUND_WANTED)).toBe(false);
    expect(right!.submit(fromPage(right!.contents.id), { ...AROUND_WANTED, x: 600 })).toBe(false);
    expect(right!.submit(fromPage(right!.contents.id), { ...AROUND_WANTED, extra: true })).toBe(false);
    expect(left!.destroyed || right!.destroyed).toBe(false);

    expect(right!.submit(fromPage(right!.contents.id), AROUND_WANTED)).toBe(true);
    const report = valueOf(await adding);
    expect(report).toMatchObject({ added: [{ issuer: 'Wanted', label: 'ada@example.com' }], skipped: 0, source: 'otpauth list' });
    expect([left!.destroyed, right!.destroyed]).toEqual([true, true]);
    // The app window comes back once the overlays are gone.
    expect(electron.log).toEqual([...HIDDEN, 'capture', 'window', 'window', 'close overlay', 'close overlay', 'show app window']);
    expect(right!.submit(fromPage(right!.contents.id), AROUND_WANTED)).toBe(false);
    expect(valueOf(await desktop.handlers['vault:list']()).map((account) => account.issuer)).toEqual(['Wanted']);
  });

  it('adds nothing when the user cancels (Escape), and ignores a submit after it', async () => {
    const { desktop } = await startWithOverlays();
    const adding = desktop.handlers['vault:addQrRegion']();
    const [left, right] = await overlays();
    expect(left!.cancel(fromPage(1))).toBeUndefined();
    expect(left!.destroyed).toBe(false);
    left!.cancel(fromPage(left!.contents.id));
    expect(await adding).toEqual({ ok: true, value: null });
    expect([left!.destroyed, right!.destroyed]).toEqual([true, true]);
    expect(electron.log.slice(-3)).toEqual(['close overlay', 'close overlay', 'show app window']);
    expect(right!.submit(fromPage(right!.contents.id), AROUND_WANTED)).toBe(false);
    expect(valueOf(await desktop.handlers['vault:list']())).toEqual([]);
  });

  // An overlay covers a whole display: main itself ends the selection, whatever the page does.
  it.each([
    ['Escape reaches main (before-input-event)', (window: (typeof electron.windows)[number]) => emit(window, 'before-input-event', {}, { type: 'keyDown', key: 'Escape' })],
    ['the overlay is closed another way (Alt+F4)', (window: (typeof electron.windows)[number]) => window.events.get('closed')!()],
    ['the overlay page fails to load', (window: (typeof electron.windows)[number]) => emit(window, 'did-fail-load')],
    ['the overlay renderer is gone', (window: (typeof electron.windows)[number]) => emit(window, 'render-process-gone')],
  ])('cancels when %s', async (_name, trigger) => {
    const { desktop } = await startWithOverlays();
    const adding = desktop.handlers['vault:addQrRegion']();
    const [left, right] = await overlays();
    emit(left!, 'before-input-event', {}, { type: 'keyDown', key: 'a' });
    expect(left!.destroyed).toBe(false);
    trigger(left!);
    expect(await adding).toEqual({ ok: true, value: null });
    expect([left!.destroyed, right!.destroyed]).toEqual([true, true]);
    expect(electron.log.slice(-3)).toEqual(['close overlay', 'close overlay', 'show app window']);
    expect(appWindow.visible).toBe(true);
  });

  it('says so when the selected area holds no QR code', async () => {
    const { desktop } = await startWithOverlays();
    const adding = desktop.handlers['vault:addQrRegion']();
    const [, right] = await overlays();
    expect(right!.submit(fromPage(right!.contents.id), { x: 250, y: 30, width: 120, height: 120 })).toBe(true);
    expect(await adding).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'No QR code found in the selected area' } });
    expect(valueOf(await desktop.handlers['vault:list']())).toEqual([]);
  });

  it('captures nothing and opens nothing while Tessera is locked', async () => {
    const { desktop } = await startWithOverlays();
    valueOf(await desktop.handlers['lock:setPasscode'](null, '2468'));
    valueOf(await desktop.handlers['lock:lock']());
    expect(await desktop.handlers['vault:addQrRegion']()).toEqual({ ok: false, error: { kind: 'locked', message: 'Tessera is locked: unlock it first' } });
    expect(electron.log).toEqual([]);
  });

  it('shows the app window again when the capture fails, and opens no overlay', async () => {
    const { desktop } = await startWithOverlays();
    electron.captureError = new Error('The screen capture was refused');
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await desktop.handlers['vault:addQrRegion']()).toEqual({ ok: false, error: { kind: 'failed', message: 'Something went wrong; see the app log' } });
    vi.restoreAllMocks();
    expect(electron.log).toEqual([...HIDDEN, 'capture', 'show app window']);

    // Without the screen-recording permission every thumbnail is empty: no capture, no overlay.
    electron.captureError = null;
    electron.log.length = 0;
    electron.sources = [];
    expect(await desktop.handlers['vault:addQrRegion']()).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'The screens could not be captured' } });
    expect(electron.log).toEqual([...HIDDEN, 'capture', 'show app window']);
    expect(electron.windows).toEqual([]);
  });

  it('leaves an app window alone that is not on screen, and does not show one closed meanwhile', async () => {
    const { desktop } = await startWithOverlays();
    appWindow.visible = false;
    const adding = desktop.handlers['vault:addQrRegion']();
    const [left] = await overlays();
    left!.cancel(fromPage(left!.contents.id));
    expect(await adding).toEqual({ ok: true, value: null });
    expect(electron.log).toEqual(['capture', 'window', 'window', 'close overlay', 'close overlay']);

    appWindow.visible = true;
    electron.log.length = 0;
    electron.windows.length = 0;
    const again = desktop.handlers['vault:addQrRegion']();
    const [first] = await overlays();
    appWindow.destroyed = true;
    first!.cancel(fromPage(first!.contents.id));
    expect(await again).toEqual({ ok: true, value: null });
    expect(electron.log).toEqual([...HIDDEN, 'capture', 'window', 'window', 'close overlay', 'close overlay']);
  });
});

describe('scanning the screens with Electron', () => {
  it('hides the app window, captures every display at full size, and shows the window again', async () => {
    const capture = createElectronAdapters(PAGE, hiding, untouchedAppWindows()).captureScreensPng;
    const pngs = await capture();
    // Byte for byte, without a deep comparison of two megabytes.
    expect(pngs.map((png, index) => Buffer.from(png).equals(Buffer.from(electron.sources[index]!.png)))).toEqual([true, true]);
    expect(electron.getSources).toEqual([{ types: ['screen'], thumbnailSize: { width: 1280, height: 800 } }]);
    expect(electron.log).toEqual([...HIDDEN, 'capture', 'show app window']);
  });

  it('shows the app window again when the capture fails', async () => {
    electron.captureError = new Error('The screen capture was refused');
    await expect(createElectronAdapters(PAGE, hiding, untouchedAppWindows()).captureScreensPng()).rejects.toThrow('The screen capture was refused');
    expect(electron.log).toEqual([...HIDDEN, 'capture', 'show app window']);
    expect(appWindow.visible).toBe(true);
  });
});
