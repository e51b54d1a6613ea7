import path from 'node:path';
import type { Vault } from '../vault';
import type { CliContext } from './context';
import { tesseraHome } from './data-dir';

/** The vault's folder inside the data folder: the layout the desktop app uses (src-main/desktop). */
export const CLI_VAULT_DIR = 'vault';

export function cliVaultDir(context: Pick<CliContext, 'env' | 'platform' | 'homedir'>): string {
  return path.join(tesseraHome(context), CLI_VAULT_DIR);
}

/**
 * Opens the vault for one command and always closes it. The vault (better-sqlite3, @napi-rs/keyring) is loaded
 * only here, so `tessera device …` keeps working where those native modules are missing or built for
 * Electron. The key comes from the OS keychain, the same item the desktop app uses (read early when
 * the process started, context.vaultKey, when that read found it).
 */
export async function withCliVault<T>(context: CliContext, use: (vault: Vault) => Promise<T> | T): Promise<T> {
  const { createOsSecretStore, openVault, VAULT_KEY_ACCOUNT, VAULT_KEY_SERVICE, withEarlyRead } = await import('../vault');
  const osStore = createOsSecretStore(context.platform);
  const vault = await openVault({
    dataDir: cliVaultDir(context),
    secretStore: context.vaultKey ? withEarlyRead(osStore, VAULT_KEY_SERVICE, VAULT_KEY_ACCOUNT, context.vaultKey) : osStore,
    clock: context.clock,
  });
  try {
    return await use(vault);
  } finally {
    vault.close();
  }
}
