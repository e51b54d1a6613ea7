import type { IpcChannelName, ScreenRegion } from './contract';
import type { ArgsValidator } from './register';
import { adminValidators } from './validators/admin';
import { backupValidators } from './validators/backup';
import { appValidators, lockValidators, serverValidators, settingsValidators } from './validators/app';
import { finite, record } from './validators/checks';
import { pushValidators } from './validators/push';
import { vaultValidators } from './validators/vault';
import { vaultExtraValidators } from './validators/vault-extra';

// One validator per channel, gathered from one file per area under validators/ (see checks.ts for
// what "valid" means: arity, types, lengths and closed vocabularies).

/** A screen area from a page (the screen-area overlay's submit): exactly x, y, width and height, finite numbers. */
export const isScreenRegion = record({ x: finite, y: finite, width: finite, height: finite }) as (value: unknown) => value is ScreenRegion;

export const channelValidators: { [C in IpcChannelName]: ArgsValidator<C> } = {
  ...appValidators,
  ...vaultValidators,
  ...lockValidators,
  ...settingsValidators,
  ...pushValidators,
  ...serverValidators,
  ...adminValidators,
  ...vaultExtraValidators,
  ...backupValidators,
};
