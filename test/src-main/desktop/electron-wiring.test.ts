import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { IpcChannel } from '../../../src-main/ipc/contract';

// src-main/index.ts against a recording fake of Electron: what the real app registers at start.
const userData = mkdtempSync(join(tmpdir(), 'tessera-wiring-'));
const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
const appEvents = new Map<string, (...args: unknown[]) => void>();
const calls = {
  protocolClient: [] as unknown[][], trayMenus: 0, windows: 0, sent: [] as unknown[][],
  shortcuts: new Map<string, () => void>(),
  /** Each window's constructor options, content-protection calls, own ipc handlers and event listeners. */
  windowOptions: [] as Record<string, unknown>[],
};
interface RecordedWindow {
  protection: boolean[];
  hidden: number;
  listeners: Map<string, (...args: unknown[]) => void>;
  contentsListeners: Map<string, (...args: unknown[]) => void>;
  ipc: Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>;
  loaded: string[];
}
const windows: RecordedWindow[] = [];
let ready: () => void = () => undefined;
const whenReady = new Promise<void>((resolve) => (ready = resolve));

vi.mock('electron', () => {
  class FakeWindow {
    static all: FakeWindow[] = [];
    record: RecordedWindow = { protection: [], hidden: 0, listeners: new Map(), contentsListeners: new Map(), ipc: new Map(), loaded: [] };
    webContents = {
      id: 7 + FakeWindow.all.length,
      setWindowOpenHandler: vi.fn(),
      on: (name: string, listener: (...args: unknown[]) => void) => void this.record.contentsListeners.set(name, listener),
      getURL: () => 'app://tessera/index.html',
      isDestroyed: () => false,
      send: (...args: unknown[]) => void calls.sent.push(args),
      ipc: { handle: (channel: string, listener: never) => void this.record.ipc.set(channel, listener) },
    };
    constructor(options: Record<string, unknown>) {
      calls.windows += 1;
      calls.windowOptions.push(options);
      windows.push(this.record);
      FakeWindow.all.push(this);
    }
    static getAllWindows = () => FakeWindow.all;
    static getFocusedWindow = () => FakeWindow.all[0];
    on = (name: string, listener: (...args: unknown[]) => void) => void this.record.listeners.set(name, listener);
    once = (name: string, listener: (...args: unknown[]) => void) => void this.record.listeners.set(name, listener);
    loadURL = vi.fn(async (url: string) => void this.record.loaded.push(url));
    isMinimized = () => false;
    isDestroyed = () => false;
    show = vi.fn();
    hide = () => void (this.record.hidden += 1);
    focus = vi.fn();
    removeMenu = vi.fn();
    setAlwaysOnTop = vi.fn();
    setPosition = vi.fn();
    setContentProtection = (enabled: boolean) => void this.record.protection.push(enabled);
  }
  return {
    app: {
      isPackaged: true,
      requestSingleInstanceLock: () => true,
      enableSandbox: vi.fn(),
      setAsDefaultProtocolClient: (...args: unknown[]) => void calls.protocolClient.push(args),
      on: (name: string, listener: (...args: unknown[]) => void) => void appEvents.set(name, listener),
      whenReady: () => whenReady,
      getPath: () => userData,
      getName: () => 'Tessera',
      getVersion: () => '0.1.0',
      isReady: () => true,
      quit: vi.fn(),
      exit: vi.fn(),
    },
    BrowserWindow: FakeWindow,
    session: { defaultSession: { webRequest: { onHeadersReceived: vi.fn() }, setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    net: { fetch: vi.fn() },
    shell: { openExternal: vi.fn() },
    ipcMain: { handle: (channel: string, listener: never) => void handlers.set(channel, listener) },
    Tray: class {
      setToolTip = vi.fn();
      setContextMenu = () => void (calls.trayMenus += 1);
      destroy = vi.fn();
    },
    Menu: { buildFromTemplate: (items: unknown[]) => items },
    nativeImage: { createFromBuffer: () => ({}) },
    clipboard: { writeText: vi.fn(), readText: () => '', clear: vi.fn(), readImage: () => ({ isEmpty: () => true }) },
    desktopCapturer: { getSources: async () => [] },
    dialog: {},
    Notification: Object.assign(class { show = vi.fn(); }, { isSupported: () => true }),
    powerMonitor: { on: vi.fn(), off: vi.fn() },
    screen: {
      getAllDisplays: () => [],
      getCursorScreenPoint: () => ({ x: 0, y: 0 }),
      getDisplayNearestPoint: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
    },
    globalShortcut: {
      register: (accelerator: string, onPress: () => void) => (calls.shortcuts.set(accelerator, onPress), true),
      unregister: (accelerator: string) => void calls.shortcuts.delete(accelerator),
    },
  };
});

afterAll(() => rmSync(userData, { recursive: true, force: true }));

const appPage = { sender: { id: 7 }, senderFrame: { url: 'app://tessera/index.html' } };
const foreign = { sender: { id: 7 }, senderFrame: { url: 'https://evil.example/' } };

describe('src-main/index.ts', () => {
  it('registers the tessera:// scheme, then every channel behind the sender check and validators', async () => {
    await import('../../../src-main/index');
    expect(calls.protocolClient).toEqual([['tessera']]);
    expect([...appEvents.keys()].sort()).toEqual(['before-quit', 'open-url', 'second-instance', 'window-all-closed']);
    ready();
    await vi.waitFor(() => expect(handlers.size).toBe(new Set(Object.values(IpcChannel)).size));
    expect(calls.windows).toBe(1);

    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(handlers.get('app:getInfo')!(appPage)).resolves.toEqual({ name: 'Tessera', version: '0.1.0', platform: process.platform });
    await expect(handlers.get('settings:get')!(appPage)).resolves.toMatchObject({ serverPort: 3000 });
    await expect(handlers.get('settings:get')!(foreign)).rejects.toThrow(/^IPC request rejected$/);
    await expect(handlers.get('settings:update')!(appPage, { serverPort: 80 })).rejects.toThrow(/^IPC request rejected$/);
    await vi.waitFor(() => expect(calls.trayMenus).toBeGreaterThan(0));
  });

  it('tells the main window of a change with the topic alone', async () => {
    expect(await handlers.get('settings:update')!(appPage, { serverPort: 3001 })).toEqual({ ok: true, value: expect.objectContaining({ serverPort: 3001 }) });
    // The setting was saved, and the stopped server's port changed.
    await vi.waitFor(() => expect(calls.sent).toEqual([['app:changed', 'settings'], ['app:changed', 'server']]));
  });

  it('opens the palette on the global shortcut in its own hardened, frameless, always-on-top window, serving only its four calls', async () => {
    expect([...calls.shortcuts.keys()]).toEqual(['CommandOrControl+Shift+Space']);
    calls.shortcuts.get('CommandOrControl+Shift+Space')!();
    expect(calls.windows).toBe(2);
    expect(calls.windowOptions[1]).toMatchObject({
      frame: false, alwaysOnTop: true, skipTaskbar: true, resizable: false, show: false,
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: expect.stringMatching(/preload[\\/]palette\.cjs$/) },
    });
    const palette = windows[1]!;
    expect(palette.loaded).toEqual(['app://tessera/palette.html']);
    expect([...palette.ipc.keys()].sort()).toEqual(['palette:close', 'palette:copy', 'palette:openApp', 'palette:search']);
    // Not on ipcMain: the main window's page cannot call the palette, nor the palette the app's channels.
    expect([...handlers.keys()].some((channel) => channel.startsWith('palette:'))).toBe(false);
    const fromPalette = { sender: { id: 8 }, senderFrame: { url: 'app://tessera/palette.html' } };
    // Served (the answer depends on whether this machine has a keyring: ready, or unavailable in words).
    await expect(palette.ipc.get('palette:search')!(fromPalette, 'x')).resolves.toHaveProperty('state', expect.stringMatching(/^(ready|unavailable)$/));
    await expect(palette.ipc.get('palette:search')!({ sender: { id: 8 }, senderFrame: { url: 'https://evil.example/' } }, 'x')).rejects.toThrow('IPC request rejected');
    await expect(handlers.get('vault:list')!(fromPalette)).rejects.toThrow('IPC request rejected');

    // Losing the focus or Escape closes it.
    palette.listeners.get('blur')!();
    palette.contentsListeners.get('before-input-event')!({}, { type: 'keyDown', key: 'Escape' });
    expect(palette.hidden).toBe(2);
  });

  it('applies content protection to the main window and the palette, live', async () => {
    expect(windows.map((window) => window.protection)).toEqual([[false], [false]]);
    expect(await handlers.get('settings:update')!(appPage, { contentProtection: true })).toMatchObject({ ok: true });
    expect(windows.map((window) => window.protection)).toEqual([[false, true], [false, true]]);
  });
});
