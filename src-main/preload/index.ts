// The only bridge between the page and main. It runs sandboxed, so it is bundled to one CommonJS
// file that requires nothing but `electron`; it exposes one named function per channel of the
// contract and never ipcRenderer itself, so the page cannot pick arbitrary channels or listen to
// main's messages; from main it hears only change topics, through `onChange`.
import { contextBridge, ipcRenderer } from 'electron';
import { CHANGE_CHANNEL, IpcChannel, type TesseraApi } from '../ipc/contract';
import { createChangeRelay } from './change-relay';

const changes = createChangeRelay();
ipcRenderer.on(CHANGE_CHANNEL, (_event, topic: unknown) => changes.deliver(topic));

const api = {
  ...Object.fromEntries(
    Object.entries(IpcChannel).map(([name, channel]) => [name, (...args: unknown[]) => ipcRenderer.invoke(channel, ...args)]),
  ),
  onChange: changes.onChange,
} as TesseraApi;

contextBridge.exposeInMainWorld('tessera', Object.freeze(api));
