import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { IpcChannel } from '../../../src-main/ipc/contract';

// src-main/index.ts against a recording fake of Electron: what the real app registers at start.
const userData = mkdtempSync(join(tmpdir(), 'tessera-wiring-'));
const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
const appEvents = new Map<string, (...args: unknown[]) => void>();
const calls = { protocolClient: [] as unknown[][], trayMenus: 0, windows: 0, sent: [] as unknown[][] };
let ready: () => void = () => undefined;
const whenReady = new Promise<void>((resolve) => (ready = resolve));

vi.mock('electron', () => {
  class FakeWindow {
    static all: FakeWindow[] = [];
    webContents = {
      id: 7,
      setWindowOpenHandler: vi.fn(),
      on: vi.fn(),
      getURL: () => 'app://tessera/index.html',
      isDestroyed: () => false,
      send: (...args: unknown[]) => void calls.sent.push(args),
    };
    constructor() {
      calls.windows += 1;
      FakeWindow.all.push(this);
    }
    static getAllWindows = () => FakeWindow.all;
    static getFocusedWindow = () => FakeWindow.all[0];
    on = vi.fn();
    once = vi.fn();
    loadURL = vi.fn(async () => undefined);
    isMinimized = () => false;
    show = vi.fn();
    focus = vi.fn();
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
    screen: { getAllDisplays: () => [] },
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
});
