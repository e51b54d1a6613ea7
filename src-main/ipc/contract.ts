// The one map of IPC channels shared by main, preload and renderer, combined from one file per area
// under contract/. Every file imports types only, from files that import nothing themselves, so the
// renderer's project can read it without pulling in Node or Electron. No type carries a seed, a key,
// a token or a client secret: what the page learns about a secret is that it exists (the admin
// console's one-time secrets aside, each asked for by the admin).
import { adminMethods, type AdminChannels } from './contract/admin';
import { backupMethods, type BackupChannels } from './contract/backup';
import { appMethods, type AppChannels, type ChangeListener } from './contract/common';
import { lockMethods, type LockChannels } from './contract/lock';
import { pushMethods, type PushChannels } from './contract/push';
import { serverMethods, type ServerChannels } from './contract/server';
import { settingsMethods, type SettingsChannels } from './contract/settings';
import { vaultMethods, type VaultChannels } from './contract/vault';
import { VaultExtraChannel, type VaultExtraContract } from './contract/vault-extra';

export * from './contract/common';
export * from './contract/vault';
export * from './contract/lock';
export * from './contract/settings';
export * from './contract/push';
export * from './contract/server';
export * from './contract/admin';
export * from './contract/overlay';
export * from './contract/backup';
export type { PaletteShortcutStatus, TrashedAccount } from './contract/vault-extra';
export type { PaletteApi, PaletteCopyResult, PaletteMatch, PaletteSearchResult } from './contract/palette';

export interface IpcContract extends AppChannels, VaultChannels, LockChannels, SettingsChannels, PushChannels, ServerChannels, AdminChannels, VaultExtraContract, BackupChannels {}

export type IpcChannelName = keyof IpcContract;
export type IpcArgs<C extends IpcChannelName> = IpcContract[C]['args'];
export type IpcResult<C extends IpcChannelName> = IpcContract[C]['result'];

// Channel names as values, so main and preload never spell a channel by hand. The key is the name of
// the preload function.
export const IpcChannel = {
  ...appMethods,
  ...vaultMethods,
  ...lockMethods,
  ...settingsMethods,
  ...pushMethods,
  ...serverMethods,
  ...adminMethods,
  ...VaultExtraChannel,
  ...backupMethods,
} as const satisfies Record<string, IpcChannelName>;

export type IpcMethodName = keyof typeof IpcChannel;
/** Never, unless a channel of the map has no preload function (then `CHANNELS_COMPLETE` fails to compile). */
type UnexposedChannel = Exclude<IpcChannelName, (typeof IpcChannel)[IpcMethodName]>;
export const CHANNELS_COMPLETE: [UnexposedChannel] extends [never] ? true : UnexposedChannel = true;

// What the preload exposes as `window.tessera`: one named function per channel, each typed from the map,
// and `onChange`, the one way to hear from main.
export type TesseraApi = {
  [M in IpcMethodName]: (...args: IpcArgs<(typeof IpcChannel)[M]>) => Promise<IpcResult<(typeof IpcChannel)[M]>>;
} & {
  /** Calls `listener` with the topic of each change main reports; returns the function that stops it. */
  onChange(listener: ChangeListener): () => void;
};
/** Never, unless a channel's function name would shadow `onChange`. */
export const ON_CHANGE_IS_FREE: 'onChange' extends IpcMethodName ? never : true = true;
