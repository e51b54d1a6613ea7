// Child process for the keyring tests that damage the keyring: run under its own nested
// scripts/with-keyring.sh, so deleting or locking never touches the keyring other test files share.
// Prints { accounts, error } as JSON: what the vault listed before, and how reopening it failed.
import { execFileSync } from 'node:child_process';
import { createOsSecretStore, openVault, VAULT_KEY_ACCOUNT, VAULT_KEY_SERVICE, VaultError } from '../../../src-main/vault';

const [dataDir = '', damage = '', uri = ''] = process.argv.slice(2);
const LOGIN_COLLECTION = '/org/freedesktop/secrets/collection/login';

const damages: Record<string, () => void> = {
  // The user (or a cleanup tool) removed the item: libsecret then answers "not found".
  deleted: () => void execFileSync('secret-tool', ['clear', 'service', VAULT_KEY_SERVICE, 'account', VAULT_KEY_ACCOUNT]),
  // A locked login collection, locked through the Secret Service API as a screen lock does: libsecret answers null too.
  locked: () => void execFileSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets',
    'org.freedesktop.Secret.Service.Lock', `array:objpath:${LOGIN_COLLECTION}`], { stdio: 'ignore' }),
};

const vault = await openVault({ dataDir, secretStore: createOsSecretStore() });
vault.add(uri);
const accounts = vault.list().map((account) => account.label);
vault.close();
damages[damage]!();
let error: object | null = null;
try {
  const reopened = await openVault({ dataDir, secretStore: createOsSecretStore() });
  error = { name: 'none', listed: reopened.list().length };
} catch (caught) {
  if (!(caught instanceof VaultError)) throw caught;
  error = { ...caught, name: caught.name, message: caught.message };
}
process.stdout.write(JSON.stringify({ accounts, error }));
