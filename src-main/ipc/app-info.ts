import { app } from 'electron';
import { IpcChannel } from './contract';
import { noArgs, type IpcHandle } from './register';

export function registerAppInfoHandlers(handle: IpcHandle): void {
  handle(IpcChannel.getAppInfo, noArgs, function getAppInfo() {
    return { name: app.getName(), version: app.getVersion(), platform: process.platform };
  });
}
