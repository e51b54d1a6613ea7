import type { TesseraApi } from '../src-main/ipc/contract';

// Exposed by src-main/preload/index.ts through contextBridge; the renderer has no other way out.
declare global {
  interface Window {
    readonly tessera: TesseraApi;
  }
}

export {};
