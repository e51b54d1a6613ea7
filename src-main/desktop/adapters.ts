import type { CopyResult } from '../ipc/contract';
import type { RegionSelection } from './region-capture';

/**
 * What the desktop services need from Electron, as plain functions: the services stay plain Node
 * (testable under vitest, usable by the Chromium test bridge), and electron-adapters.ts is the only
 * file that fills this in with the real modules.
 */
export interface ClipboardAdapter {
  writeText(text: string): void;
  readText(): string;
  clear(): void;
  /** The clipboard's image as PNG bytes, or null when it holds no image. */
  readImagePng(): Uint8Array | null;
}

export interface SaveDialogRequest {
  title: string;
  defaultFileName: string;
  filters: { name: string; extensions: string[] }[];
}

export interface OpenDialogRequest {
  title: string;
  filters: { name: string; extensions: string[] }[];
}

export interface FolderDialogRequest {
  title: string;
}

/** OS events that should lock the app (powerMonitor's lock-screen and suspend). */
export interface LockEventSource {
  onOsLock(listener: () => void): () => void;
}

/** The OS's own user check where Electron offers one: Touch ID (systemPreferences, macOS only). */
export interface TouchIdAdapter {
  canPrompt(): boolean;
  /** True when the user passed; false when they failed or cancelled. */
  prompt(reason: string): Promise<boolean>;
}

/** Electron's globalShortcut: `register` answers false when the OS or another app refuses the accelerator. */
export interface GlobalShortcutAdapter {
  register(accelerator: string, onPress: () => void): boolean;
  unregister(accelerator: string): void;
}

/** The quick-search palette's window (created on first show, then hidden and shown again). */
export interface PaletteWindowAdapter {
  show(): void;
  hide(): void;
}

export interface ElectronAdapters {
  clipboard: ClipboardAdapter;
  /** One PNG per display (desktopCapturer thumbnails at the display's size). */
  captureScreensPng(): Promise<Uint8Array[]>;
  /**
   * Captures every display, then lets the user drag an area on an overlay over each; the area and its
   * display's capture, or null when the user cancelled. The captures stay in main.
   */
  selectScreenRegion(): Promise<RegionSelection | null>;
  /** The chosen path, or null when cancelled. */
  showSaveDialog(request: SaveDialogRequest): Promise<string | null>;
  showOpenDialog(request: OpenDialogRequest): Promise<string | null>;
  /** A folder (the dialog may create one); null when cancelled. */
  showFolderDialog(request: FolderDialogRequest): Promise<string | null>;
  notify(title: string, body: string): void;
  /**
   * A native notice for a secret shown once in main (a recovery code), never to the page; its Copy button
   * calls `copy`. Resolves when the user has dismissed it.
   */
  showSecretOnce(message: string, detail: string, copy: () => CopyResult): Promise<void>;
  lockEvents: LockEventSource;
  touchId: TouchIdAdapter;
  globalShortcut: GlobalShortcutAdapter;
  palette: PaletteWindowAdapter;
  /** Shows (or opens) the main window and brings it to the front. */
  showMainWindow(): void;
  /** Keeps the app's windows (the main one and the palette, now and later) out of screen captures, or not. */
  setContentProtection(enabled: boolean): void;
}
