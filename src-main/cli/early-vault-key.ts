import { readSecretEarly, type EarlySecretRead } from '../vault/early-secret-read';
import type { KeyringModule } from '../vault/keytar-items';
import { VAULT_KEY_ACCOUNT, VAULT_KEY_SERVICE } from '../vault/vault-key';

/** The `tessera otp` commands, every one of which opens the vault (test/src-main/cli/early-vault-key.test.ts keeps this list whole). */
export const VAULT_COMMANDS: ReadonlySet<string> = new Set(['add', 'list', 'code', 'remove', 'export', 'import']);

/** Whether this command line opens the vault: an otp command that is not asked for its usage. */
export function needsVaultKey(argv: readonly string[]): boolean {
  const [group, command, ...rest] = argv;
  return group === 'otp' && command !== undefined && VAULT_COMMANDS.has(command) && !rest.includes('--help') && !rest.includes('-h');
}

/**
 * Starts reading the vault key from the keychain when the command line will need it, before the command's
 * code (and the vault's, and SQLite) is loaded; nothing is read for any other command. The key stays in
 * this promise until the vault takes it (withCliVault).
 */
export function startVaultKeyRead(argv: readonly string[], platform: NodeJS.Platform, load?: () => Promise<KeyringModule>): EarlySecretRead | undefined {
  return needsVaultKey(argv) ? readSecretEarly(platform, VAULT_KEY_SERVICE, VAULT_KEY_ACCOUNT, load) : undefined;
}
