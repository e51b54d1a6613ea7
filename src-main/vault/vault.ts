import { randomBytes } from 'node:crypto';
import { accountRepo, withoutSecret, type AccountRow } from './account-repo';
import { describeAccount, resolveAccount } from './account-ref';
import { accountTrash } from './account-trash';
import { AccountNotFoundError, VaultError } from './errors';
import { computeCode, secondsLeft } from './otp-code';
import { parseOtpauthUri } from './otpauth-uri';
import type { RandomBytes } from './seed-cipher';
import type { SecretStore } from './secret-store';
import { OtpKind, type Account, type AccountAppearance, type AccountPatch, type CodeView, type TrashedAccount } from './types';
import { openVaultDatabase, vaultKeyMarker } from './vault-db';
import type { ScryptCost } from './backup';
import type { VaultCore } from './vault-core';
import { withSeed } from './vault-core';
import { storeVerified } from './vault-import';
import { obtainVaultKey } from './vault-key';
import { createTransfer } from './vault-transfer';

// Storage design: one random 32-byte vault key per OS user in the keychain (service "Tessera", account
// "vault-key"); seeds sealed with it (AES-256-GCM, row id as associated data) in the SQLite database of
// the data folder. Chosen over one keychain item per seed because: listing, reordering and HOTP
// counters stay transactional in SQLite (keychains have no transactions); a locked keyring is detected
// once, at open, against the database's key marker (vault-key.ts), instead of per item; the keychain
// is asked once per session, not once per account every 30 s; and backups, imports and the app/CLI
// sharing one folder need no keychain enumeration, which libsecret answers wrongly when locked.
export interface VaultOptions {
  dataDir: string;
  secretStore: SecretStore;
  random?: RandomBytes;
  clock?: { now(): number };
  /** For tests: a cheaper scrypt for encrypted exports (the file records its cost); production never passes it. */
  backupCost?: ScryptCost;
}

export type Vault = Awaited<ReturnType<typeof openVault>>;

/** Opens the vault of `dataDir`; fails with KeyringUnavailableError when the keychain cannot give the key. */
export async function openVault(options: VaultOptions) {
  const db = openVaultDatabase(options.dataDir);
  let key: Buffer;
  try {
    key = await obtainVaultKey(options.secretStore, vaultKeyMarker(db), options.random ?? randomBytes);
  } catch (error) {
    db.close();
    throw error;
  }
  const core: VaultCore = { db, repo: accountRepo(db), key, random: options.random ?? randomBytes, clock: options.clock ?? Date, backupCost: options.backupCost };
  const trash = accountTrash(db, core.clock);
  trash.purgeExpired();
  const row = (id: string): AccountRow => {
    const found = core.repo.get(id);
    if (!found) throw new AccountNotFoundError(`no account with id ${id}`);
    return found;
  };
  const timeCode = (found: AccountRow, nowMs: number): CodeView => ({
    id: found.id, kind: found.kind as 'totp' | 'steam', period: found.period, secondsLeft: secondsLeft(found.period, nowMs),
    code: withSeed(core, found, (seed) => computeCode(seed, found, { nowMs })),
    // The following step's code, so the page can show it in the last seconds (as Aegis and Ente do).
    next: withSeed(core, found, (seed) => computeCode(seed, found, { nowMs: nowMs + found.period * 1000 })),
  });

  return {
    list(): Account[] {
      trash.purgeExpired();
      return core.repo.all().map(withoutSecret);
    },
    get: (id: string): Account => withoutSecret(row(id)),
    resolve: (ref: string): Account => resolveAccount(core.repo.all().map(withoutSecret), ref),
    /** Adds the account of an otpauth URI, verified like any import; refuses one already present. */
    add(uri: string, appearance: Partial<AccountAppearance> = {}): Account {
      const draft = parseOtpauthUri(uri);
      const { added } = storeVerified(core, [{ ...draft, appearance }], core.clock.now());
      if (added.length === 0) throw new VaultError(`${describeAccount(draft)} is already in the vault`);
      return added[0]!;
    },
    update(id: string, patch: AccountPatch): Account {
      if (!core.repo.update(id, patch)) throw new AccountNotFoundError(`no account with id ${id}`);
      return withoutSecret(row(id));
    },
    /** New order for the given ids (the others keep theirs, after these). */
    reorder(ids: string[]): void {
      core.db.transaction(() => {
        ids.forEach((id, index) => core.repo.setSortOrder(row(id).id, index));
        let next = ids.length;
        for (const other of core.repo.all().filter((account) => !ids.includes(account.id))) core.repo.setSortOrder(other.id, next++);
      })();
    },
    /** Moves the account to the trash (account-trash.ts): restorable for TRASH_RETENTION_DAYS. */
    remove: (id: string): void => trash.remove(id),
    restore(id: string): Account {
      trash.restore(id);
      return withoutSecret(row(id));
    },
    trash(): TrashedAccount[] {
      trash.purgeExpired();
      return trash.list();
    },
    /** Deletes an account in the trash at once, sealed seed and all. */
    purge: (id: string): void => trash.purge(id),
    /** Counts a copy of the account's code, for "most used" sorting. */
    recordUse(id: string): void {
      if (!core.repo.recordUse(id, new Date(core.clock.now()).toISOString())) throw new AccountNotFoundError(`no account with id ${id}`);
    },
    /** Current codes of the time-based accounts; HOTP codes are handed out one at a time by `code`. */
    codes: (nowMs: number): CodeView[] => core.repo.all().filter((found) => found.kind !== OtpKind.hotp).map((found) => timeCode(found, nowMs)),
    /** The account's code now; for HOTP the next one, its counter advanced and stored in the same transaction. */
    code(id: string, nowMs: number): CodeView {
      const found = row(id);
      if (found.kind !== OtpKind.hotp) return timeCode(found, nowMs);
      return core.db.transaction((): CodeView => {
        const counter = core.repo.takeCounter(id);
        if (counter === undefined) throw new AccountNotFoundError(`no account with id ${id}`); // removed meanwhile
        const code = withSeed(core, found, (seed) => computeCode(seed, found, { counter }));
        return { id, kind: 'hotp', code, counter };
      }).immediate();
    },
    ...createTransfer(core),
    close: (): void => {
      core.key.fill(0);
      db.close();
    },
  };
}
