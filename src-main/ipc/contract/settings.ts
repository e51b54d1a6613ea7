// The app's settings, read and saved by main.
import type { IpcOutcome } from './common';

export interface Settings {
  /** Show codes as •••••• until the user reveals one. */
  hideCodes: boolean;
  /** Lock after this many minutes without input; 0 = never. Only with a passcode. */
  idleLockMinutes: number;
  /** Also lock when the OS locks the screen or suspends. */
  lockOnOsLock: boolean;
  clipboardClearSeconds: number;
  /** Offer Touch ID on the lock screen (macOS with Touch ID only, and only with a passcode). */
  touchIdUnlock: boolean;
  /** The embedded server's loopback port. */
  serverPort: number;
  /** Start the embedded server with the app. */
  serverAutoStart: boolean;
  /** The global shortcut that opens the quick-search palette (an Electron accelerator). */
  paletteShortcut: string;
  /** Keep the app's windows out of screenshots and screen sharing (BrowserWindow.setContentProtection). */
  contentProtection: boolean;
}

export interface SettingsChannels {
  'settings:get': { args: []; result: Settings };
  'settings:update': { args: [patch: Partial<Settings>]; result: IpcOutcome<Settings> };
}

export const settingsMethods = {
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
} as const satisfies Record<string, keyof SettingsChannels>;
