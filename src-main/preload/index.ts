// The only bridge between the page and main. It runs sandboxed, so it is bundled to one CommonJS
// file that requires nothing but `electron`; it exposes one named function per channel and never
// ipcRenderer itself, so the page cannot pick arbitrary channels or listen to main's messages.
import { contextBridge, ipcRenderer } from 'electron';
import { IpcChannel, type IpcArgs, type IpcChannelName, type IpcResult, type TesseraApi } from '../ipc/contract';

function invoke<C extends IpcChannelName>(channel: C, ...args: IpcArgs<C>): Promise<IpcResult<C>> {
  return ipcRenderer.invoke(channel, ...args) as Promise<IpcResult<C>>;
}

const api: TesseraApi = {
  getAppInfo: () => invoke(IpcChannel.getAppInfo),
};

contextBridge.exposeInMainWorld('tessera', api);
