import type { RegionOverlayApi } from '../../src-main/ipc/contract';

// Exposed to overlay.html by src-main/preload/overlay.ts; the overlay has no other way out.
declare global {
  interface Window {
    readonly tesseraRegion: RegionOverlayApi;
  }
}

export {};
