import { withoutSecret } from './account-repo';
import { isBackupEnvelope, openBackup, sealBackup, type BackupContents } from './backup';
import { backupDrafts, toBackupAccount } from './backup-contents';
import { BackupError } from './errors';
import { parseImportText } from './import-text';
import { formatOtpauthUri } from './otpauth-format';
import type { ImportReport } from './types';
import { codeAt, withSeed, type VaultCore } from './vault-core';
import { storeVerified } from './vault-import';

/** Exports and imports: the only paths by which seeds leave or enter the vault in bulk. */
export function createTransfer(core: VaultCore) {
  return {
    /** One otpauth URI per line, secrets in plain text: for moving to another app, on the user's request. */
    exportPlain(): string {
      const lines = core.repo.all().map((row) => withSeed(core, row, (secret) => formatOtpauthUri({ ...row, secret })));
      return lines.map((line) => `${line}\n`).join('');
    },
    /** A password-encrypted backup that records every account's code at `nowMs`, to verify its restore. */
    async exportEncrypted(password: string, nowMs: number): Promise<string> {
      const rows = core.repo.all();
      const contents: BackupContents = {
        accounts: rows.map((row) => withSeed(core, row, (seed) => toBackupAccount(withoutSecret(row), seed))),
        check: { at_ms: nowMs, codes: rows.map((row) => withSeed(core, row, (seed) => codeAt(seed, row, nowMs))) },
      };
      return sealBackup(contents, password, core.random, new Date(core.clock.now()).toISOString(), core.backupCost);
    },
    /**
     * Imports any supported text (otpauth list, Google migration URIs, Aegis or 2FAS JSON, a Tessera
     * backup), verified and atomic (vault-import.ts). `nowMs` is the instant codes are compared at.
     */
    async importText(text: string, options: { nowMs: number; password?: string }): Promise<ImportReport> {
      const parsed = parseImportText(text);
      if (parsed.type === 'accounts') return { ...storeVerified(core, parsed.drafts, options.nowMs), source: parsed.source };
      if (options.password === undefined) throw new BackupError('this is an encrypted Tessera backup: its password is needed');
      if (!isBackupEnvelope(parsed.envelope)) throw new BackupError('the backup file is damaged');
      const { drafts, atMs, codes } = backupDrafts(await openBackup(parsed.envelope, options.password));
      return { ...storeVerified(core, drafts, atMs, codes), source: 'Tessera backup' };
    },
  };
}
