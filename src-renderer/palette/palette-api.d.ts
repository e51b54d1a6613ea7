import type { PaletteApi } from '../../src-main/ipc/contract';

// Exposed to palette.html by src-main/preload/palette.ts; the palette has no other way out.
declare global {
  interface Window {
    readonly tesseraPalette: PaletteApi;
  }
}

export {};
