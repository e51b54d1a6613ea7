import { readFile, stat, writeFile } from 'node:fs/promises';
import type { ImportReport, IpcOutcome } from '../ipc/contract';
import type { Vault } from '../vault';
import type { ElectronAdapters } from './adapters';
import type { HandlersFor } from './channel-handlers';
import { createHotpReveal } from './hotp-reveal';
import { copyWithClearSetting, type CodeClipboard } from './clipboard-copy';
import type { LockService } from './lock-service';
import { manualInputToUri, previewManual } from './manual-entry';
import { InputError, LOCKED, ok, outcomeOf } from './outcome';
import { isOtpPayload, isPushBarcode, PUSH_ENROLLMENT_QR, readQrText, requireOtpPayload } from './qr-image';
import { qrTextOnClipboard, qrTextsOnScreens } from './qr-sources';
import { readQrInRegion } from './region-capture';
import type { SettingsStore } from './settings-store';
import type { VaultHolder } from './vault-holder';

/** Every importable format is text and small; a bigger file is not an export. */
export const MAX_IMPORT_FILE_BYTES = 5 * 1024 * 1024;
const TEXT_FILTERS = [{ name: 'Backups and exports', extensions: ['json', 'txt', 'tessera'] }];

export interface VaultHandlerDeps {
  vault: VaultHolder;
  lock: LockService;
  settings: SettingsStore;
  adapters: ElectronAdapters;
  clipboard: CodeClipboard;
  clock: { now(): number };
  /** After a channel changed what vault:list answers (the page then asks again). */
  onAccountsChanged(): void;
  /** After an export was saved to a file (it counts as a backup for the backup reminder). */
  onExported?(): Promise<void>;
}

export function createVaultHandlers(deps: VaultHandlerDeps): HandlersFor<'vault'> {
  const { adapters, clock } = deps;
  const hotp = createHotpReveal();
  // Every vault channel but status and preview: refused while locked, then run against the open vault.
  async function withVault<T>(work: (vault: Vault) => T | Promise<T>): Promise<IpcOutcome<T>> {
    if (deps.lock.isLocked()) return LOCKED;
    return outcomeOf(async () => work(await deps.vault.get()));
  }
  async function changeVault<T>(work: (vault: Vault) => T | Promise<T>): Promise<IpcOutcome<T>> {
    const outcome = await withVault(work);
    if (outcome.ok) deps.onAccountsChanged();
    return outcome;
  }
  const importText = (vault: Vault, text: string, password: string | null): Promise<ImportReport> =>
    vault.importText(text, { nowMs: clock.now(), ...(password === null ? {} : { password }) });

  async function saveExport(title: string, defaultFileName: string, text: string, accounts: number) {
    const path = await adapters.showSaveDialog({ title, defaultFileName, filters: TEXT_FILTERS });
    if (path === null) return { saved: false } as const;
    await writeFile(path, text, { mode: 0o600 });
    await deps.onExported?.();
    return { saved: true, path, accounts } as const;
  }

  return {
    'vault:status': () => deps.vault.status(),
    'vault:list': () => withVault((vault) => vault.list()),
    'vault:codes': () => withVault((vault) => vault.codes(clock.now())),
    'vault:nextHotp': (id) => changeVault((vault) => hotp.next(vault, id, clock.now())),
    'vault:addUri': (uri) => changeVault((vault) => importText(vault, requireOtpPayload(uri), null)),
    'vault:addManual': (input) => changeVault((vault) => vault.add(manualInputToUri(input))),
    'vault:previewManual': async (input) => previewManual(input, clock.now()),
    'vault:addQrImage': (bytes) => changeVault((vault) => importText(vault, requireOtpPayload(readQrText(bytes)), null)),
    'vault:addQrClipboard': () => changeVault((vault) => importText(vault, requireOtpPayload(qrTextOnClipboard(adapters.clipboard)), null)),
    'vault:addQrScreen': () => changeVault(async (vault) => {
      const found = await qrTextsOnScreens(adapters);
      const codes = found.filter((text) => isOtpPayload(text) && !isPushBarcode(text));
      if (codes.length === 0) throw new InputError(found.some(isPushBarcode) ? PUSH_ENROLLMENT_QR : 'No authenticator QR code is visible on the screen');
      return importText(vault, codes.join('\n'), null);
    }),
    'vault:addQrRegion': async () => {
      // Nothing is asked of the user while the accounts cannot be added (locked app or keyring).
      const ready = await withVault(() => null);
      if (!ready.ok) return ready;
      const picked = await outcomeOf(() => adapters.selectScreenRegion());
      if (!picked.ok) return picked;
      const selection = picked.value;
      if (selection === null) return ok(null);
      // Through the vault again: the app may have locked while the overlays were open.
      return changeVault((vault) => {
        const text = readQrInRegion(selection);
        if (text === null) throw new InputError('No QR code found in the selected area');
        return importText(vault, requireOtpPayload(text), null);
      });
    },
    'vault:update': (id, patch) => changeVault((vault) => vault.update(id, patch)),
    'vault:remove': (id) => changeVault((vault) => (vault.remove(id), hotp.forget(id), null)),
    'vault:restore': (id) => changeVault((vault) => vault.restore(id)),
    'vault:trash': () => withVault((vault) => vault.trash()),
    'vault:purge': (id) => withVault((vault) => (vault.purge(id), null)),
    'vault:reorder': (ids) => changeVault((vault) => (vault.reorder(ids), null)),
    'vault:copyCode': (id) => withVault((vault) => {
      const view = hotp.forCopy(vault, id, clock.now());
      const copied = copyWithClearSetting(deps.clipboard, deps.settings, view.code);
      // Counted for "most used" sorting; the list is not told, the order it shows stays put while in use.
      vault.recordUse(id);
      return view.kind === 'hotp' ? { ...copied, hotp: view } : copied;
    }),
    'vault:exportEncrypted': (password) => withVault(async (vault) => {
      const text = await vault.exportEncrypted(password, clock.now());
      return saveExport('Save an encrypted backup', 'tessera-backup.json', text, vault.list().length);
    }),
    'vault:exportPlain': () => withVault((vault) =>
      saveExport('Export accounts (secrets in plain text)', 'tessera-accounts.txt', vault.exportPlain(), vault.list().length)),
    'vault:importFile': (password) => changeVault(async (vault) => {
      const path = await adapters.showOpenDialog({ title: 'Import accounts', filters: TEXT_FILTERS });
      if (path === null) return null;
      if ((await stat(path)).size > MAX_IMPORT_FILE_BYTES) throw new InputError('The file is too large to be an export');
      return importText(vault, await readFile(path, 'utf8'), password);
    }),
    'vault:importText': (text, password) => changeVault((vault) => importText(vault, text, password)),
  };
}
