// The screen-area overlay's bridge: two named functions and nothing else. Like index.ts it runs
// sandboxed as one self-contained CommonJS file; it imports only types from the contract, so the two
// preload bundles share no module (electron.vite.config.ts refuses a shared chunk).
import { contextBridge, ipcRenderer } from 'electron';
import type { RegionOverlayApi, RegionOverlayChannels, ScreenRegion } from '../ipc/contract';

const channels: RegionOverlayChannels = { submitRegion: 'region:submit', cancel: 'region:cancel' };

const api: RegionOverlayApi = {
  submitRegion: ({ x, y, width, height }: ScreenRegion) => ipcRenderer.invoke(channels.submitRegion, { x, y, width, height }),
  cancel: () => ipcRenderer.invoke(channels.cancel),
};

contextBridge.exposeInMainWorld('tesseraRegion', Object.freeze(api));
