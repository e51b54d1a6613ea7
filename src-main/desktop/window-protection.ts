/** What content protection needs of a window (an Electron BrowserWindow has both). */
export interface ProtectableWindow {
  isDestroyed(): boolean;
  setContentProtection(enabled: boolean): void;
}

/**
 * The `contentProtection` setting for every window the app opens: applied to the windows open when it
 * changes, and to each window as it opens. On Windows and macOS the OS then leaves the window out of
 * screenshots and screen sharing (BrowserWindow.setContentProtection); elsewhere Electron ignores it.
 */
export function createWindowProtection() {
  const windows = new Set<ProtectableWindow>();
  let enabled = false;
  return {
    /** Protects `window` as the setting says, now and on every later change, until it is destroyed. */
    track(window: ProtectableWindow): void {
      windows.add(window);
      window.setContentProtection(enabled);
    },
    set(next: boolean): void {
      enabled = next;
      for (const window of [...windows]) {
        if (window.isDestroyed()) windows.delete(window);
        else window.setContentProtection(enabled);
      }
    },
  };
}
