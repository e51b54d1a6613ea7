import { BrowserWindow, clipboard, desktopCapturer, dialog, globalShortcut, Notification, powerMonitor, screen, systemPreferences } from 'electron';
import type { CopyResult } from '../ipc/contract';
import type { ElectronAdapters } from './adapters';
import { createElectronRegionPicker, type OverlayPage } from './electron-region-overlay';
import { withAppWindowHidden, type AppWindowHiding } from './hide-for-capture';
import { largestPhysicalSize } from './region-capture';

// With electron-region-overlay.ts, the only desktop service files that import electron; call after
// app 'ready' (powerMonitor, screen).

function parentWindow(): BrowserWindow | undefined {
  return BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
}

async function captureScreensPng(): Promise<Uint8Array[]> {
  // Thumbnails at each display's full pixel size, so a QR code on screen stays readable.
  const thumbnailSize = largestPhysicalSize(screen.getAllDisplays());
  const sources = await desktopCapturer.getSources({ types: ['screen'], thumbnailSize });
  return sources.map((source) => source.thumbnail.toPNG());
}

/** The app's windows as index.ts manages them. */
export type AppWindows = Pick<ElectronAdapters, 'palette' | 'showMainWindow' | 'setContentProtection'>;

/**
 * `overlay`: the page the screen-area selection shows on each display; `hiding`: the app's window, kept
 * out of every screen capture; `windows`: the main window and the palette.
 */
export function createElectronAdapters(overlay: OverlayPage, hiding: AppWindowHiding, windows: AppWindows): ElectronAdapters {
  return {
    ...windows,
    globalShortcut: {
      register: (accelerator, onPress) => globalShortcut.register(accelerator, onPress),
      unregister: (accelerator) => globalShortcut.unregister(accelerator),
    },
    clipboard: {
      writeText: (text) => clipboard.writeText(text),
      readText: () => clipboard.readText(),
      clear: () => clipboard.clear(),
      readImagePng() {
        const image = clipboard.readImage();
        return image.isEmpty() ? null : image.toPNG();
      },
    },
    captureScreensPng: () => withAppWindowHidden(hiding, captureScreensPng),
    selectScreenRegion: createElectronRegionPicker(overlay, hiding),
    async showSaveDialog({ title, defaultFileName, filters }) {
      const options = { title, defaultPath: defaultFileName, filters };
      const window = parentWindow();
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async showOpenDialog({ title, filters }) {
      const options = { title, filters, properties: ['openFile' as const] };
      const window = parentWindow();
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async showFolderDialog({ title }) {
      const options = { title, properties: ['openDirectory' as const, 'createDirectory' as const] };
      const window = parentWindow();
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    notify: notifyUser,
    showSecretOnce,
    lockEvents: {
      onOsLock(listener) {
        powerMonitor.on('lock-screen', listener);
        powerMonitor.on('suspend', listener);
        return () => {
          powerMonitor.off('lock-screen', listener);
          powerMonitor.off('suspend', listener);
        };
      },
    },
    touchId: {
      // Both exist on macOS only (Electron's systemPreferences docs); elsewhere there is no Touch ID.
      canPrompt: () => process.platform === 'darwin' && systemPreferences.canPromptTouchID(),
      prompt: (reason) => systemPreferences.promptTouchID(reason).then(() => true, () => false),
    },
  };
}

/** A native yes/no question, for actions a web page could have triggered through a link. */
/** An OS notification, where the desktop supports them. */
export function notifyUser(title: string, body: string): void {
  if (Notification.isSupported()) new Notification({ title, body }).show();
}

export async function confirmWithUser(message: string, detail: string, confirmLabel: string): Promise<boolean> {
  const options = { type: 'question' as const, message, detail, buttons: [confirmLabel, 'Cancel'], defaultId: 1, cancelId: 1, noLink: true };
  const window = parentWindow();
  const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  return response === 0;
}

const COPY_BUTTON = 0;
const DONE_BUTTON = 1;

/**
 * A native notice for a secret shown once in main (a recovery code), never to the page. Copy puts it on
 * the clipboard through `copy` (the app's copy that clears itself) and shows the notice again, saying
 * so; Done, Escape or closing the box ends it. Copy is the default, so a reflexive Enter cannot dismiss
 * a code that is never shown again. Electron has no option to make the text selectable: the OS decides
 * (GTK's message box labels are selectable, Windows copies the whole box on Ctrl+C, macOS does neither),
 * which is why there is a Copy button.
 */
export async function showSecretOnce(message: string, detail: string, copy: () => CopyResult): Promise<void> {
  let copied = '';
  for (;;) {
    const options = {
      type: 'info' as const,
      message,
      detail: `${detail}${copied}`,
      buttons: ['Copy', 'Done'],
      defaultId: COPY_BUTTON,
      cancelId: DONE_BUTTON,
      noLink: true,
    };
    const window = parentWindow();
    const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
    if (response !== COPY_BUTTON) return;
    copied = `\n\nCopied: the clipboard is cleared in ${copy().clearsAfterSeconds} seconds.`;
  }
}
