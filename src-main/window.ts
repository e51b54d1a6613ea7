import { BrowserWindow, type WebContents, type WebPreferences } from 'electron';
import { isTrustedSender } from './security/trusted-sender';

export interface MainWindowOptions {
  startUrl: string;
  preloadPath: string;
  allowedOrigins: readonly string[];
}

// Every app page is treated as untrusted: no Node, an isolated and sandboxed preload, and no way to
// open or navigate to anything that is not one of the app's own pages. The main window and the
// screen-area overlays share these two.
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
  };
}

export function confineToAppPages(contents: WebContents, allowedOrigins: readonly string[]): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const blockForeign = (event: { url: string; preventDefault: () => void }): void => {
    if (!isTrustedSender(event.url, allowedOrigins)) event.preventDefault();
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-redirect', blockForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function createMainWindow({ startUrl, preloadPath, allowedOrigins }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1024,
    height: 720,
    title: 'Tessera',
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  });
  confineToAppPages(window.webContents, allowedOrigins);

  window.once('ready-to-show', () => window.show());
  void window.loadURL(startUrl);
  return window;
}
