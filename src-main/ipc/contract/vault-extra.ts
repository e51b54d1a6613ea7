// The vault channels added for the trash and the quick-search palette's status, as one contract area
// merged into ../contract.ts's map. Types only from files that import nothing, so the renderer can read it.
import type { Account, TrashedAccount } from '../../vault/types';
import type { IpcOutcome } from './common';

export type { TrashedAccount };

/** Whether the quick-search palette's global shortcut is in force (Settings shows it). */
export interface PaletteShortcutStatus {
  /** The accelerator of the `paletteShortcut` setting, e.g. `CommandOrControl+Shift+Space`. */
  shortcut: string;
  registered: boolean;
  /** Why it is not registered (another app holds it, the OS refused it), in words; null when registered. */
  message: string | null;
}

export interface VaultExtraContract {
  /** Takes an account out of the trash, back at its old position. */
  'vault:restore': { args: [id: string]; result: IpcOutcome<Account> };
  /** The trash, most recently removed first; each is deleted for good at `purgeAt`. */
  'vault:trash': { args: []; result: IpcOutcome<TrashedAccount[]> };
  /** Deletes an account in the trash at once. */
  'vault:purge': { args: [id: string]; result: IpcOutcome<null> };
  'settings:paletteStatus': { args: []; result: PaletteShortcutStatus };
}

/** Preload function name → channel, spread into contract.ts's IpcChannel. */
export const VaultExtraChannel = {
  restoreAccount: 'vault:restore',
  listTrash: 'vault:trash',
  purgeAccount: 'vault:purge',
  paletteStatus: 'settings:paletteStatus',
} as const satisfies Record<string, keyof VaultExtraContract>;
