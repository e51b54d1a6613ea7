// The quick-search palette (src-renderer/palette.html) is a separate page with its own preload
// (src-main/preload/palette.ts). Its channels are served by the palette window's own webContents,
// never by ipcMain, so no other page can reach them, and it can reach none of the app's channels.
// Imports nothing, so the palette's preload bundle shares no module with the others.

/** An account as the palette lists it: names only; a code exists only on the clipboard, after copy. */
export interface PaletteMatch {
  id: string;
  issuer: string;
  label: string;
  pinned: boolean;
}

export type PaletteSearchResult =
  | { state: 'ready'; matches: PaletteMatch[] }
  /** The app is locked: the palette offers to open the main window instead. */
  | { state: 'locked' }
  /** The accounts cannot be read (the OS keyring is locked or missing); the message says what to do. */
  | { state: 'unavailable'; message: string };

export type PaletteCopyResult = { copied: true; clearsAfterSeconds: number } | { copied: false; message: string };

export const PALETTE_CHANNELS = {
  search: 'palette:search',
  copy: 'palette:copy',
  close: 'palette:close',
  openApp: 'palette:openApp',
} as const;

/** The most matches a search answers: the palette shows a short list, typed further to narrow. */
export const PALETTE_MAX_MATCHES = 8;
/** The longest search text main accepts. */
export const PALETTE_MAX_QUERY = 200;

/** What the palette's preload exposes as `window.tesseraPalette`. */
export interface PaletteApi {
  search(text: string): Promise<PaletteSearchResult>;
  /** Copies the account's code in main (with the clipboard auto-clear); on success main closes the palette. */
  copy(id: string): Promise<PaletteCopyResult>;
  close(): Promise<void>;
  /** Shows the main window (to unlock, or to do more than copy) and closes the palette. */
  openApp(): Promise<void>;
}
