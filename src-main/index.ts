import { app, BrowserWindow, session, type IpcMainInvokeEvent } from 'electron';
import { fileURLToPath } from 'node:url';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { createMainWindow } from './window';
import { applySessionPolicy } from './session-policy';
import { createIpcRegistry } from './ipc/register';
import { registerAppInfoHandlers } from './ipc/app-info';
import { APP_ORIGIN, APP_START_URL } from './security/app-asset';
import { isTrustedSender } from './security/trusted-sender';

// Paths are relative to the built out/main/index.js (see electron.vite.config.ts).
const RENDERER_DIR = fileURLToPath(new URL('../renderer', import.meta.url));
const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

// The dev server URL is honoured only in an unpackaged build, so an environment variable
// can never point a shipped app at someone else's page.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const startUrl = devServerUrl ?? APP_START_URL;
const allowedOrigins = [devServerUrl ?? APP_ORIGIN];
// webContents ids of the windows this process opened: the only ones whose IPC is served.
const appWindowContents = new Set<number>();

// A second instance would open the same database and keychain entries; hand over to the first.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  registerAppScheme();
  app.on('second-instance', focusExistingWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.whenReady().then(onReady, (error: unknown) => {
    console.error('[main] startup failed', error);
    app.exit(1);
  });
}

function onReady(): void {
  applySessionPolicy(session.defaultSession, allowedOrigins);
  if (!devServerUrl) serveAppProtocol(RENDERER_DIR);
  registerAppInfoHandlers(createIpcRegistry(isAppPageSender));
  openMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });
}

function isAppPageSender(event: IpcMainInvokeEvent): boolean {
  return appWindowContents.has(event.sender.id) && isTrustedSender(event.senderFrame?.url, allowedOrigins);
}

function openMainWindow(): void {
  const window = createMainWindow({ startUrl, preloadPath: PRELOAD_PATH, allowedOrigins });
  const contentsId = window.webContents.id;
  appWindowContents.add(contentsId);
  window.on('closed', () => appWindowContents.delete(contentsId));
}

function focusExistingWindow(): void {
  const [window] = BrowserWindow.getAllWindows();
  if (!window) return;
  if (window.isMinimized()) window.restore();
  window.focus();
}
