// The quick-search palette's bridge: four named functions and nothing else. Like index.ts it runs
// sandboxed as one self-contained CommonJS file; contract/palette.ts imports nothing and no other
// preload imports it, so the preload bundles share no module (electron.vite.config.ts refuses one).
import { contextBridge, ipcRenderer } from 'electron';
import { PALETTE_CHANNELS, type PaletteApi } from '../ipc/contract/palette';

const api: PaletteApi = {
  search: (text: string) => ipcRenderer.invoke(PALETTE_CHANNELS.search, String(text)),
  copy: (id: string) => ipcRenderer.invoke(PALETTE_CHANNELS.copy, String(id)),
  close: () => ipcRenderer.invoke(PALETTE_CHANNELS.close),
  openApp: () => ipcRenderer.invoke(PALETTE_CHANNELS.openApp),
};

contextBridge.exposeInMainWorld('tesseraPalette', Object.freeze(api));
