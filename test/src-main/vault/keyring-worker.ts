// Child process for the keyring tests that damage or rewrite the keyring: run under its own nested
// scripts/with-keyring.sh, so deleting, locking or moving the vault key never touches the keyring other
// test files share. Prints { accounts, error, layout } as JSON: what the vault listed before, how reopening
// it went, and where the vault key is afterwards (keytar's layout, the current one).
import { execFileSync } from 'node:child_process';
import { createOsSecretStore, openVault, VAULT_KEY_ACCOUNT, VAULT_KEY_SERVICE, VaultError } from '../../../src-main/vault';
import { NOW_MS } from './vault-fixtures';

const [dataDir = '', damage = '', uri = ''] = process.argv.slice(2);
const LOGIN_COLLECTION = '/org/freedesktop/secrets/collection/login';

/** The vault key as libsecret's secret-tool finds it under these attributes; null when there is none. */
function lookup(attribute: 'account' | 'username'): string | null {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', VAULT_KEY_SERVICE, attribute, VAULT_KEY_ACCOUNT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

const lock = () => void execFileSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets',
  'org.freedesktop.Secret.Service.Lock', `array:objpath:${LOGIN_COLLECTION}`], { stdio: 'ignore' });

/** Leaves the key as Tessera's keytar releases wrote it: libsecret's generic schema, `service` + `account`. */
function toKeytarLayout(): void {
  const key = lookup('username')!;
  execFileSync('secret-tool', ['clear', 'service', VAULT_KEY_SERVICE, 'username', VAULT_KEY_ACCOUNT]);
  execFileSync('secret-tool', ['store', '--label=Password for vault-key on Tessera', 'service', VAULT_KEY_SERVICE, 'account', VAULT_KEY_ACCOUNT], { input: key });
}

/** The keyring daemon this (nested, private) bus routes org.freedesktop.secrets to. */
function daemonPid(): number {
  const reply = execFileSync('dbus-send', ['--session', '--print-reply=literal', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus',
    'org.freedesktop.DBus.GetConnectionUnixProcessID', 'string:org.freedesktop.secrets'], { encoding: 'utf8' });
  // "   uint32 1234"
  const pid = Number(reply.trim().split(/\s+/).at(-1));
  if (!Number.isSafeInteger(pid) || pid <= 1) throw new Error(`no keyring daemon pid in ${JSON.stringify(reply)}`);
  return pid;
}

const damages: Record<string, () => void> = {
  // The user (or a cleanup tool) removed the item: the keychain then answers "not found".
  deleted: () => void execFileSync('secret-tool', ['clear', 'service', VAULT_KEY_SERVICE, 'username', VAULT_KEY_ACCOUNT]),
  // A locked login collection, locked through the Secret Service API as a screen lock does.
  locked: lock,
  // An upgrade from a keytar release: the key is only in keytar's layout.
  keytar: toKeytarLayout,
  // The keyring daemon crashed: the bus starts it again on the next call (with-keyring.sh has it unlock the
  // same keyring files, as a user would).
  'daemon-killed': () => {
    const pid = daemonPid();
    process.kill(pid, 'SIGKILL');
    for (let tries = 0; tries < 200; tries++) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      execFileSync('sleep', ['0.01']);
    }
    throw new Error(`the keyring daemon ${pid} outlived SIGKILL`);
  },
  // An upgrade from a keytar release, with the keyring locked at the first start.
  'keytar-locked': () => {
    toKeytarLayout();
    lock();
  },
};

const vault = await openVault({ dataDir, secretStore: createOsSecretStore() });
const { id } = vault.add(uri);
const accounts = vault.list().map((account) => account.label);
const code = vault.code(id, NOW_MS).code;
vault.close();
damages[damage]!();
let error: object | null = null;
try {
  const reopened = await openVault({ dataDir, secretStore: createOsSecretStore() });
  error = { name: 'none', listed: reopened.list().length, sameCode: reopened.code(id, NOW_MS).code === code };
  reopened.close();
} catch (caught) {
  if (!(caught instanceof VaultError)) throw caught;
  error = { ...caught, name: caught.name, message: caught.message };
}
const layout = damage.includes('locked') ? null : { keytar: lookup('account') !== null, current: lookup('username') !== null };
process.stdout.write(JSON.stringify({ accounts, error, layout }));
