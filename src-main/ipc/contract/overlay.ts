// The screen-area overlay (src-renderer/overlay.html) is a separate page with its own preload
// (src-main/preload/overlay.ts). Its two channels are served by each overlay's own webContents, never
// by ipcMain, so neither the main window nor any other page can reach them.

/** A rectangle in CSS px from the overlay page's top-left corner (main maps it to the display's pixels). */
export interface ScreenRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Either side smaller than this (DIP) is a click, not a selection: no readable QR code fits in it. */
export const MIN_REGION_SIZE_DIP = 16;

export interface RegionOverlayChannels {
  submitRegion: 'region:submit';
  cancel: 'region:cancel';
}

/**
 * What the overlay's preload exposes as `window.tesseraRegion`. Main answers a submit with whether it
 * took the area (false: not a valid area, or the selection is already over); the page learns nothing else.
 */
export interface RegionOverlayApi {
  submitRegion(region: ScreenRegion): Promise<boolean>;
  cancel(): Promise<void>;
}
