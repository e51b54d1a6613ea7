import type { CopyResult, IpcOutcome } from '../../ipc/contract';
import { PALETTE_MAX_MATCHES, PALETTE_MAX_QUERY, type PaletteCopyResult, type PaletteSearchResult } from '../../ipc/contract/palette';
import { KeyringUnavailableError } from '../../vault';
import type { PaletteWindowAdapter } from '../adapters';
import type { LockService } from '../lock-service';
import type { VaultHolder } from '../vault-holder';
import { searchAccounts } from './palette-search';

const MAX_ID = 200;
const LOCKED_MESSAGE = 'Tessera is locked';
const NOT_FOUND = 'That account is no longer in Tessera';

export interface PaletteDeps {
  vault: VaultHolder;
  lock: LockService;
  window: PaletteWindowAdapter;
  showMainWindow(): void;
  /** The app's own copy (vault:copyCode): the HOTP rule, the use count, the clipboard's auto-clear. */
  copyCode(id: string): Promise<IpcOutcome<CopyResult>>;
}

/**
 * The palette's four calls, as main serves them to the palette page (electron-palette.ts) and the test
 * bridge. Arguments arrive from a page and are checked here: anything but the declared shape is refused
 * with the same answer as an empty search or an unknown account, and nothing runs.
 */
export function createPaletteHandlers(deps: PaletteDeps) {
  return {
    async search(text: unknown): Promise<PaletteSearchResult> {
      if (deps.lock.isLocked()) return { state: 'locked' };
      if (typeof text !== 'string' || text.length > PALETTE_MAX_QUERY) return { state: 'ready', matches: [] };
      try {
        const vault = await deps.vault.get();
        return { state: 'ready', matches: searchAccounts(vault.list(), text, PALETTE_MAX_MATCHES) };
      } catch (error) {
        if (error instanceof KeyringUnavailableError) return { state: 'unavailable', message: error.message };
        throw error;
      }
    },
    async copy(id: unknown): Promise<PaletteCopyResult> {
      if (deps.lock.isLocked()) return { copied: false, message: LOCKED_MESSAGE };
      if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID) return { copied: false, message: NOT_FOUND };
      const outcome = await deps.copyCode(id);
      if (!outcome.ok) return { copied: false, message: outcome.error.kind === 'not_found' ? NOT_FOUND : outcome.error.message };
      // Copied: the palette's job is done, and the user goes back to where they were typing.
      deps.window.hide();
      return { copied: true, clearsAfterSeconds: outcome.value.clearsAfterSeconds };
    },
    async close(): Promise<void> {
      deps.window.hide();
    },
    async openApp(): Promise<void> {
      deps.window.hide();
      deps.showMainWindow();
    },
  };
}

export type PaletteHandlers = ReturnType<typeof createPaletteHandlers>;
