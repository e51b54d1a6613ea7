// The only bridge between the page and main. It runs sandboxed, so it is bundled to one CommonJS
// file that requires nothing but `electron`; it exposes one named function per channel of the
// contract and never ipcRenderer itself, so the page cannot pick arbitrary channels or listen to
// main's messages.
import { contextBridge, ipcRenderer } from 'electron';
import { IpcChannel, type TesseraApi } from '../ipc/contract';

const api = Object.fromEntries(
  Object.entries(IpcChannel).map(([name, channel]) => [name, (...args: unknown[]) => ipcRenderer.invoke(channel, ...args)]),
) as TesseraApi;

contextBridge.exposeInMainWorld('tessera', Object.freeze(api));
