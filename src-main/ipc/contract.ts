// The one map of IPC channels shared by main, preload and renderer.
// Imports nothing, so the renderer's project can read it type-only without pulling in Node or Electron.

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
}

export interface IpcContract {
  'app:getInfo': { args: []; result: AppInfo };
}

export type IpcChannelName = keyof IpcContract;
export type IpcArgs<C extends IpcChannelName> = IpcContract[C]['args'];
export type IpcResult<C extends IpcChannelName> = IpcContract[C]['result'];

// Channel names as values, so main and preload never spell a channel by hand.
export const IpcChannel = {
  getAppInfo: 'app:getInfo',
} as const satisfies Record<string, IpcChannelName>;

// What the preload exposes as `window.tessera`: one named function per channel, each typed from the map.
export interface TesseraApi {
  getAppInfo: (...args: IpcArgs<'app:getInfo'>) => Promise<IpcResult<'app:getInfo'>>;
}
