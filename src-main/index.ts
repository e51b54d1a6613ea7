import { app, BrowserWindow, session, shell, type IpcMainInvokeEvent } from 'electron';
import { fileURLToPath } from 'node:url';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { createMainWindow } from './window';
import { applySessionPolicy } from './session-policy';
import { createIpcRegistry } from './ipc/register';
import { electronAppInfo } from './ipc/app-info';
import { registerChannels } from './ipc/register-channels';
import { CHANGE_CHANNEL, type ChangeTopic } from './ipc/contract';
import { APP_ORIGIN, APP_START_URL } from './security/app-asset';
import { isTrustedSender } from './security/trusted-sender';
import { createDesktop, type Desktop } from './desktop/desktop';
import { confirmWithUser, createElectronAdapters, notifyUser } from './desktop/electron-adapters';
import { APP_SCHEME, deepLinkFromArgv, parseDeepLink, type DeepLink } from './desktop/deep-link';
import { handleDeepLink } from './desktop/deep-link-actions';
import { createTray } from './desktop/tray';
import { createElectronPalette } from './desktop/palette/electron-palette';
import { createWindowProtection } from './desktop/window-protection';
import { createOsSecretStore } from './vault';

// Paths are relative to the built out/main/index.js (see electron.vite.config.ts).
const RENDERER_DIR = fileURLToPath(new URL('../renderer', import.meta.url));
const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

// The dev server URL is honoured only in an unpackaged build, so an environment variable
// can never point a shipped app at someone else's page.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const startUrl = devServerUrl ?? APP_START_URL;
const allowedOrigins = [devServerUrl ?? APP_ORIGIN];
// The screen-area selection's page over each display (src-renderer/overlay.html) and its own preload.
const overlayPage = {
  url: new URL('overlay.html', startUrl).href,
  preloadPath: fileURLToPath(new URL('../preload/overlay.cjs', import.meta.url)),
  allowedOrigins,
};
// The quick-search palette's page (src-renderer/palette.html) and its own preload.
const palettePage = {
  url: new URL('palette.html', startUrl).href,
  preloadPath: fileURLToPath(new URL('../preload/palette.cjs', import.meta.url)),
  allowedOrigins,
};
// The contentProtection setting, for the main window and the palette.
const windowProtection = createWindowProtection();
// webContents ids of the windows this process opened: the only ones whose IPC is served.
const appWindowContents = new Set<number>();
// The app's page: the only window told of changes (overlays and any other window hear nothing).
let mainWindow: BrowserWindow | undefined;
// Screen captures hide the app's page first, so it is never over the QR code being captured.
const captureHiding = { appWindow: () => mainWindow };

let desktop: Desktop | undefined;
let tray: ReturnType<typeof createTray> | undefined;
let quitting = false;
// Links that arrive before the services are up (the link that launched the app, macOS open-url).
const queuedLinks: DeepLink[] = [];

// A second instance would open the same database and keychain entries; hand over to the first.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  registerAppScheme();
  registerLinkScheme();
  const launchLink = deepLinkFromArgv(process.argv);
  if (launchLink) queuedLinks.push(launchLink);
  app.on('second-instance', (_event, argv) => {
    showWindow();
    const link = deepLinkFromArgv(argv);
    if (link) openLink(link);
  });
  // macOS delivers links as events, also before 'ready'.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const link = parseDeepLink(url);
    if (link) openLink(link);
  });
  // The tray keeps the app (and push approvals) alive with no window; Quit in the tray ends it.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', onBeforeQuit);
  app.whenReady().then(onReady).catch((error: unknown) => {
    console.error('[main] startup failed', error);
    app.exit(1);
  });
}

function registerLinkScheme(): void {
  // Unpackaged (`electron .`), the OS must start electron with the app's path for the link to reach it.
  if (process.defaultApp && process.argv[1]) app.setAsDefaultProtocolClient(APP_SCHEME, process.execPath, [process.argv[1]]);
  else app.setAsDefaultProtocolClient(APP_SCHEME);
}

async function onReady(): Promise<void> {
  applySessionPolicy(session.defaultSession, allowedOrigins);
  if (!devServerUrl) serveAppProtocol(RENDERER_DIR);
  const palette = createElectronPalette(palettePage, () => desktop?.palette, (window) => windowProtection.track(window));
  const adapters = createElectronAdapters(overlayPage, captureHiding, {
    palette,
    showMainWindow: showWindow,
    setContentProtection: (enabled) => windowProtection.set(enabled),
  });
  const notify = adapters.notify;
  // Each new login request also refreshes the tray, which lists it.
  adapters.notify = (title, body) => {
    notify(title, body);
    void tray?.refresh();
  };
  desktop = await createDesktop({ dataDir: app.getPath('userData'), secretStore: createOsSecretStore(), adapters, appInfo: electronAppInfo() });
  registerChannels(createIpcRegistry(isAppPageSender), desktop.handlers);
  desktop.onChange(sendChange);
  const services = desktop;
  tray = createTray(services, {
    copyCode: (id) => void services.handlers['vault:copyCode'](id),
    showWindow,
    lock: () => void services.handlers['lock:lock']().then(() => tray?.refresh()),
    quit: () => app.quit(),
  });
  openMainWindow();
  app.on('activate', showWindow);
  for (const link of queuedLinks.splice(0)) openLink(link);
}

function openLink(link: DeepLink): void {
  const services = desktop;
  if (!services) return void queuedLinks.push(link);
  void handleDeepLink(link, {
    desktop: services,
    confirm: confirmWithUser,
    notify: notifyUser,
    showWindow,
    openExternal: (url) => void shell.openExternal(url),
  }).catch((error: unknown) => console.error('[main] deep link failed', error));
}

function onBeforeQuit(event: Electron.Event): void {
  if (quitting || !desktop) return;
  // Close the server, streams and vault (and clear a copied code) before the process ends.
  event.preventDefault();
  quitting = true;
  tray?.destroy();
  void desktop.close().finally(() => app.quit());
}

function isAppPageSender(event: IpcMainInvokeEvent): boolean {
  return appWindowContents.has(event.sender.id) && isTrustedSender(event.senderFrame?.url, allowedOrigins);
}

function openMainWindow(): void {
  const window = createMainWindow({ startUrl, preloadPath: PRELOAD_PATH, allowedOrigins });
  const contentsId = window.webContents.id;
  appWindowContents.add(contentsId);
  mainWindow = window;
  windowProtection.track(window);
  window.on('closed', () => {
    appWindowContents.delete(contentsId);
    if (mainWindow === window) mainWindow = undefined;
  });
}

function showWindow(): void {
  if (!app.isReady()) return;
  // The main window itself, never the palette or an overlay that may be open too.
  const window = mainWindow;
  if (!window || window.isDestroyed()) return openMainWindow();
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/** A change topic (no data, no secret) to the main window's page, which asks again through its channels. */
function sendChange(topic: ChangeTopic): void {
  const contents = mainWindow?.webContents;
  // Only while it shows the app's own page: window.ts blocks navigation, and this holds if one slipped through.
  if (contents && !contents.isDestroyed() && isTrustedSender(contents.getURL(), allowedOrigins)) contents.send(CHANGE_CHANNEL, topic);
}
