import { execFileSync } from 'node:child_process';
import { TEST_DESKTOP_KDF, TEST_KDF, testSigningKeyPair } from './test-crypto.js';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { createDesktop, type Desktop } from '../../src-main/desktop/desktop';
import type { ElectronAdapters, FolderDialogRequest, OpenDialogRequest, SaveDialogRequest } from '../../src-main/desktop/adapters';
import type { RegionSelection } from '../../src-main/desktop/region-capture';
import type { IdleTimers } from '../../src-main/desktop/lock-service';
import { ChangeTopic, IpcChannel, type IpcChannelName } from '../../src-main/ipc/contract';
import { channelValidators } from '../../src-main/ipc/validators';
import { APP_ORIGIN, resolveAppAsset } from '../../src-main/security/app-asset';
import { CONTENT_SECURITY_POLICY } from '../../src-main/security/csp';
import { createOsSecretStore, createMemorySecretStore, type SecretStore } from '../../src-main/vault';
import { keyringGate } from '../src-main/vault/keyring-gate';

/**
 * The desktop app without Electron, for Chromium tests: the real renderer build (out/renderer) served
 * over loopback HTTP with the app's CSP, and `window.tessera` implemented over same-origin fetch to
 * the real main-process handlers (createDesktop), each call validated like ipcMain's registry does.
 */

const RENDERER_DIR = resolve('out/renderer');
const RENDERER_SOURCES = [
  resolve('src-renderer'),
  resolve('src-main/ipc/contract.ts'),
  resolve('src-main/ipc/contract'),
  resolve('src-main/vault/types.ts'),
  resolve('src-main/desktop/admin/types.ts'),
];
const BUILD_LOCK = resolve('out/.desktop-bridge-build.lock');
const BUILD_WAIT_MS = 180_000;
const BRIDGE_PATH = '/__bridge/';
/** The palette page's four calls (src-main/preload/palette.ts), to main's palette handlers. */
const PALETTE_PATH = '/__palette/';
const PALETTE_CALLS = ['search', 'copy', 'close', 'openApp'] as const;
/** Main's change topics to the page, as server-sent events (webContents.send in the app). */
const CHANGES_PATH = '/__bridge-changes';
/** Matches what ipcMain's registry answers a rejected call with (src-main/ipc/register.ts). */
const REJECTED_MESSAGE = 'IPC request rejected';
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** The clipboard main writes codes to; the test reads it as the user's next paste would. */
export interface MemoryClipboard {
  text: string;
  image: Uint8Array | null;
}

export interface DesktopBridgeOptions {
  /** Reuse a data folder (it is then not removed on close). */
  dataDir?: string;
  /**
   * Default: the real keyring through @napi-rs/keyring inside scripts/with-keyring.sh (a throw-away keyring),
   * else an in-memory store; never a developer's own session keyring.
   */
  secretStore?: SecretStore;
  clock?: { now(): number };
  /** The idle-lock timer (e.g. one where a minute passes in a second). */
  idleTimers?: IdleTimers;
  /** The automatic backups' timers (their delay after a change, the staleness check). */
  backupTimers?: IdleTimers;
}

/** One answer main gave the page, as the page received it. */
export interface BridgeResponse {
  channel: IpcChannelName;
  body: string;
}

export interface DesktopBridge {
  /** `http://127.0.0.1:<port>/index.html`. */
  url: string;
  origin: string;
  dataDir: string;
  secretStore: SecretStore;
  desktop: Desktop;
  clipboard: MemoryClipboard;
  /** PNGs `captureScreensPng` answers with, one per display. */
  screens: Uint8Array[];
  /** What the next screen-area selections answer, first first; none left = the user cancelled. */
  regionSelections: RegionSelection[];
  /** What the open dialog answers (null = cancelled). */
  openPath: string | null;
  /** What the folder dialog answers (null = cancelled). */
  folderPath: string | null;
  /** The folder save dialogs answer in (the requested default file name inside it). */
  saveDir: string;
  dialogs: (SaveDialogRequest | OpenDialogRequest | FolderDialogRequest)[];
  notifications: { title: string; body: string }[];
  /** Secrets main showed in its own dialog (a recovery code), never to the page. */
  secretsShown: { message: string; detail: string }[];
  /** How many times the page called each channel. */
  calls: Map<IpcChannelName, number>;
  /** Every change message sent to the page, as sent (the whole data of each event). */
  sentChanges: string[];
  /** Every channel answer the page received, in order: what a test scans for secrets that must stay in main. */
  responses: BridgeResponse[];
  /** Every response body the admin service read from a server (token responses included), for the same scans. */
  adminServerBodies: string[];
  /** The fake systemPreferences: what canPromptTouchID says, the user's answers to the next prompts (none left = cancelled), the reasons asked. */
  touchId: FakeTouchId;
  /** Fires the OS lock event (powerMonitor's lock-screen). */
  lockScreen(): void;
  /** The app's windows as main drives them: the palette's visibility, main window shows, content protection, global shortcuts. */
  windows: FakeAppWindows;
  /** `http://127.0.0.1:<port>/palette.html`. */
  paletteUrl: string;
  /** Gives a Chromium context the palette's preload API (window.tesseraPalette) for pages of this bridge. */
  attachPalette(context: BrowserContext): Promise<void>;
  /** Gives a Chromium context the preload API for pages of this bridge. */
  attach(context: BrowserContext): Promise<void>;
  close(): Promise<void>;
}

export interface FakeAppWindows {
  paletteVisible: boolean;
  mainWindowShows: number;
  contentProtection: boolean[];
  /** Accelerators registered as global shortcuts, with what pressing each does. */
  shortcuts: Map<string, () => void>;
}

export interface FakeTouchId {
  available: boolean;
  answers: boolean[];
  prompts: string[];
}

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

function rendererIsFresh(): boolean {
  const index = join(RENDERER_DIR, 'index.html');
  return existsSync(index) && statSync(index).mtimeMs >= Math.max(...RENDERER_SOURCES.map(newestMtime));
}

/**
 * Builds out/renderer with `electron-vite build` when it is missing or older than its sources. Test
 * files run in parallel forks: a lock directory (mkdir is atomic) lets one build while the others wait.
 */
export async function ensureRendererBuilt(): Promise<string> {
  const deadline = Date.now() + BUILD_WAIT_MS;
  while (!rendererIsFresh()) {
    mkdirSync(resolve('out'), { recursive: true });
    try {
      mkdirSync(BUILD_LOCK);
    } catch {
      if (Date.now() > deadline) throw new Error(`the renderer build lock ${BUILD_LOCK} was held too long; remove it if no build runs`);
      await new Promise((done) => setTimeout(done, 500));
      continue;
    }
    try {
      if (!rendererIsFresh()) execFileSync('npx', ['electron-vite', 'build'], { stdio: 'pipe', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    } finally {
      rmSync(BUILD_LOCK, { recursive: true, force: true });
    }
  }
  return RENDERER_DIR;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    request.on('error', fail);
  });
}

/**
 * The one non-JSON argument type of the contract: QR image bytes travel as `{ "$bytes": base64 }`, as an
 * argument (vault:addQrImage) or a field of one (push:enrollQr's `{ kind: 'image', bytes }`).
 */
function decodeArg(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  if (Object.keys(value).length === 1 && typeof (value as { $bytes?: unknown }).$bytes === 'string') {
    return new Uint8Array(Buffer.from((value as { $bytes: string }).$bytes, 'base64'));
  }
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, decodeArg(field)]));
}

const CHANNELS = new Set<string>(Object.values(IpcChannel));

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  response.end(body);
}

/**
 * The preload API as page source text (this Node project has no DOM types): one function per
 * channel, like src-main/preload/index.ts, each a same-origin POST that the CSP's connect-src 'self' allows.
 */
function preloadScript(): string {
  return `(() => {
  const channels = ${JSON.stringify(IpcChannel)};
  function toBase64(bytes) {
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(text);
  }
  function encode(value) {
    if (value instanceof Uint8Array) return { $bytes: toBase64(value) };
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, encode(field)]));
  }
  async function invoke(channel, args) {
    const response = await fetch(${JSON.stringify(BRIDGE_PATH)} + channel, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(args.map(encode)),
    });
    if (!response.ok) throw new Error(${JSON.stringify(REJECTED_MESSAGE)});
    return response.json();
  }
  const api = {};
  for (const [name, channel] of Object.entries(channels)) api[name] = (...args) => invoke(channel, args);

  // onChange as src-main/preload/change-relay.ts: known topics only, and nothing but the topic.
  const topics = ${JSON.stringify(Object.values(ChangeTopic))};
  const listeners = new Set();
  let source = null;
  function notify(topic) {
    for (const listener of [...listeners]) {
      try {
        listener(topic);
      } catch (error) {
        console.error('[preload] a change listener failed', error);
      }
    }
  }
  api.onChange = (listener) => {
    if (typeof listener !== 'function') throw new TypeError('onChange needs a function');
    if (source === null) {
      source = new EventSource(${JSON.stringify(CHANGES_PATH)});
      // ipcRenderer.on misses nothing, but a stream misses what happens before it opens (or while it
      // reconnects): every topic then counts as changed, and the page asks again once.
      source.onopen = () => topics.forEach(notify);
      source.onmessage = (event) => {
        if (topics.includes(event.data)) notify(event.data);
      };
    }
    const entry = (topic) => listener(topic);
    listeners.add(entry);
    return () => void listeners.delete(entry);
  };
  Object.defineProperty(window, 'tessera', { value: Object.freeze(api), enumerable: true });
})()`;
}

type AdapterState = Pick<DesktopBridge, 'clipboard' | 'screens' | 'regionSelections' | 'saveDir' | 'dialogs' | 'notifications' | 'secretsShown' | 'touchId' | 'windows'>;

/** The palette's preload API as page source text, like src-main/preload/palette.ts, over same-origin POSTs. */
function palettePreloadScript(): string {
  return `(() => {
  async function call(name, args) {
    const response = await fetch(${JSON.stringify(PALETTE_PATH)} + name, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(args),
    });
    if (!response.ok) throw new Error(${JSON.stringify(REJECTED_MESSAGE)});
    return response.json();
  }
  const api = {
    search: (text) => call('search', [String(text)]),
    copy: (id) => call('copy', [String(id)]),
    close: () => call('close', []),
    openApp: () => call('openApp', []),
  };
  Object.defineProperty(window, 'tesseraPalette', { value: Object.freeze(api), enumerable: true });
})()`;
}

/** Electron's modules as plain Node: what the test sets (screens, the open path) and reads (clipboard, dialogs). */
function nodeAdapters(bridge: AdapterState, paths: { open(): string | null; folder(): string | null }, osLockListeners: Set<() => void>): ElectronAdapters {
  const { clipboard } = bridge;
  return {
    clipboard: {
      writeText: (text) => void ((clipboard.text = text), (clipboard.image = null)),
      readText: () => clipboard.text,
      clear: () => void ((clipboard.text = ''), (clipboard.image = null)),
      readImagePng: () => clipboard.image,
    },
    captureScreensPng: async () => bridge.screens,
    selectScreenRegion: async () => bridge.regionSelections.shift() ?? null,
    async showSaveDialog(request) {
      bridge.dialogs.push(request);
      return join(bridge.saveDir, request.defaultFileName);
    },
    async showOpenDialog(request) {
      bridge.dialogs.push(request);
      return paths.open();
    },
    async showFolderDialog(request) {
      bridge.dialogs.push(request);
      return paths.folder();
    },
    notify: (title, body) => void bridge.notifications.push({ title, body }),
    showSecretOnce: async (message, detail) => void bridge.secretsShown.push({ message, detail }),
    lockEvents: {
      onOsLock(listener) {
        osLockListeners.add(listener);
        return () => void osLockListeners.delete(listener);
      },
    },
    touchId: {
      canPrompt: () => bridge.touchId.available,
      prompt: async (reason) => (bridge.touchId.prompts.push(reason), bridge.touchId.answers.shift() ?? false),
    },
    globalShortcut: {
      register: (accelerator, onPress) => !bridge.windows.shortcuts.has(accelerator) && (bridge.windows.shortcuts.set(accelerator, onPress), true),
      unregister: (accelerator) => void bridge.windows.shortcuts.delete(accelerator),
    },
    palette: {
      show: () => void (bridge.windows.paletteVisible = true),
      hide: () => void (bridge.windows.paletteVisible = false),
    },
    showMainWindow: () => void (bridge.windows.mainWindowShows += 1),
    setContentProtection: (enabled) => void bridge.windows.contentProtection.push(enabled),
  };
}

/** The admin service's HTTP client: real fetch, each answer's body kept (read from a clone, so the SDK reads it too). */
function recordingFetch(bodies: string[]): typeof fetch {
  return async function recordedFetch(input, init) {
    const response = await fetch(input, init);
    bodies.push(await response.clone().text());
    return response;
  };
}

export async function startDesktopBridge(options: DesktopBridgeOptions = {}): Promise<DesktopBridge> {
  const rendererDir = await ensureRendererBuilt();
  const scratch = mkdtempSync(join(tmpdir(), 'tessera-desktop-'));
  const dataDir = options.dataDir ?? join(scratch, 'data');
  const saveDir = join(scratch, 'saved');
  mkdirSync(saveDir, { recursive: true });
  const secretStore = options.secretStore ?? (keyringGate().available ? createOsSecretStore() : createMemorySecretStore());
  const osLockListeners = new Set<() => void>();

  const state = {
    clipboard: { text: '', image: null } as MemoryClipboard,
    screens: [] as Uint8Array[],
    regionSelections: [] as RegionSelection[],
    saveDir,
    dialogs: [] as DesktopBridge['dialogs'],
    notifications: [] as DesktopBridge['notifications'],
    secretsShown: [] as DesktopBridge['secretsShown'],
    touchId: { available: false, answers: [], prompts: [] } as FakeTouchId,
    windows: { paletteVisible: false, mainWindowShows: 0, contentProtection: [], shortcuts: new Map() } as FakeAppWindows,
    calls: new Map<IpcChannelName, number>(),
    sentChanges: [] as string[],
    responses: [] as BridgeResponse[],
    adminServerBodies: [] as string[],
  };
  let openPath: string | null = null;
  let folderPath: string | null = null;
  const desktop = await createDesktop({
    kdf: TEST_DESKTOP_KDF,
    // The embedded server too: production scrypt costs ~200 ms a password and a new RSA key ~200 ms a start.
    serverCost: { kdf: TEST_KDF, signingKeyPair: await testSigningKeyPair() },
    dataDir,
    secretStore,
    clock: options.clock,
    idleTimers: options.idleTimers,
    backupTimers: options.backupTimers,
    adapters: nodeAdapters(state, { open: () => openPath, folder: () => folderPath }, osLockListeners),
    adminFetch: recordingFetch(state.adminServerBodies),
  });
  const changeStreams = new Set<ServerResponse>();
  const stopChanges = desktop.onChange((topic) => {
    state.sentChanges.push(topic);
    for (const stream of changeStreams) stream.write(`data: ${topic}\n\n`);
  });

  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('startDesktopBridge: no TCP address');
  const origin = `http://127.0.0.1:${address.port}`;

  async function invoke(channel: IpcChannelName, request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Like the trusted-sender check in main: only the app's own page may call.
    const parsed = request.headers.origin === origin ? (JSON.parse(await readBody(request)) as unknown) : null;
    const args = Array.isArray(parsed) ? parsed.map(decodeArg) : null;
    const validate = channelValidators[channel] as (args: readonly unknown[]) => boolean;
    if (args === null || !validate(args)) return send(response, 400, 'text/plain; charset=utf-8', REJECTED_MESSAGE);
    state.calls.set(channel, (state.calls.get(channel) ?? 0) + 1);
    const handler = desktop.handlers[channel] as (...args: unknown[]) => Promise<unknown>;
    const body = JSON.stringify(await handler(...args));
    state.responses.push({ channel, body });
    send(response, 200, 'application/json', body);
  }

  async function callPalette(name: (typeof PALETTE_CALLS)[number], request: IncomingMessage, response: ServerResponse): Promise<void> {
    // As electron-palette.ts serves only the palette page; the handlers check the arguments themselves.
    const parsed = request.headers.origin === origin ? (JSON.parse(await readBody(request)) as unknown) : null;
    if (!Array.isArray(parsed)) return send(response, 400, 'text/plain; charset=utf-8', REJECTED_MESSAGE);
    const answer = await (desktop.palette[name] as (arg?: unknown) => Promise<unknown>)(parsed[0]);
    send(response, 200, 'application/json', JSON.stringify(answer ?? null));
  }

  function openChangeStream(request: IncomingMessage, response: ServerResponse): void {
    // Like main's window check: only the app's own page listens (an EventSource sends no Origin header).
    if (request.headers['sec-fetch-site'] !== 'same-origin') return send(response, 403, 'text/plain; charset=utf-8', REJECTED_MESSAGE);
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    // A comment line, so the page's EventSource opens now rather than at the first change.
    response.write(': open\n\n');
    changeStreams.add(response);
    request.on('close', () => changeStreams.delete(response));
  }

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', origin).pathname;
    if (path === CHANGES_PATH && request.method === 'GET') return openChangeStream(request, response);
    if (path.startsWith(PALETTE_PATH)) {
      const name = PALETTE_CALLS.find((call) => `${PALETTE_PATH}${call}` === path);
      if (request.method !== 'POST' || name === undefined) return send(response, 404, 'text/plain; charset=utf-8', 'Not found');
      callPalette(name, request, response).catch((error: unknown) => {
        console.error(`[bridge] palette ${name} failed`, error);
        send(response, 500, 'text/plain; charset=utf-8', REJECTED_MESSAGE);
      });
      return;
    }
    if (path.startsWith(BRIDGE_PATH)) {
      const channel = path.slice(BRIDGE_PATH.length);
      if (request.method !== 'POST' || !CHANNELS.has(channel)) return send(response, 404, 'text/plain; charset=utf-8', 'Not found');
      invoke(channel as IpcChannelName, request, response).catch((error: unknown) => {
        console.error(`[bridge] ${channel} failed`, error);
        send(response, 500, 'text/plain; charset=utf-8', REJECTED_MESSAGE);
      });
      return;
    }
    // The same mapping (and path-escape refusal) as the app:// protocol handler.
    const file = request.method === 'GET' ? resolveAppAsset(rendererDir, `${APP_ORIGIN}${path}`) : null;
    if (file === null || !existsSync(file) || statSync(file).isDirectory()) return send(response, 404, 'text/plain; charset=utf-8', 'Not found');
    send(response, 200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', readFileSync(file));
  });

  const bridge: DesktopBridge = {
    url: `${origin}/index.html`,
    origin,
    dataDir,
    secretStore,
    desktop,
    ...state,
    get openPath() {
      return openPath;
    },
    set openPath(path: string | null) {
      openPath = path;
    },
    get folderPath() {
      return folderPath;
    },
    set folderPath(path: string | null) {
      folderPath = path;
    },
    lockScreen: () => osLockListeners.forEach((listener) => listener()),
    paletteUrl: `${origin}/palette.html`,
    async attach(context) {
      await context.addInitScript(preloadScript());
    },
    async attachPalette(context) {
      await context.addInitScript(palettePreloadScript());
    },
    async close() {
      stopChanges();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await desktop.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
  return bridge;
}
