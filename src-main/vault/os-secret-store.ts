import { KeyringProblem, KeyringUnavailableError } from './errors';
import { KEYRING_TIMEOUT_MS, loadKeyring } from './keyring-module';
import { keytarItemsFor, type KeyringModule, type KeytarItems } from './keytar-items';
import { keyringNameFor, type SecretStore } from './secret-store';

/**
 * Pinned to the Secret Service: without it @napi-rs/keyring silently falls back to the kernel keyutils
 * store, which lives in memory only, so the vault key would vanish at the next reboot.
 */
const ENTRY_OPTIONS = { linux: { store: 'secret-service' } } as const;

function withTimeout<T>(work: (signal: AbortSignal) => Promise<T>, keyring: string): Promise<T> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new KeyringUnavailableError(keyring, KeyringProblem.unreachable, `no answer within ${KEYRING_TIMEOUT_MS / 1000} s`));
    }, KEYRING_TIMEOUT_MS);
    timer.unref();
  });
  return Promise.race([work(abort.signal), timeout]).finally(() => clearTimeout(timer));
}

/**
 * A locked collection is the one failure the user fixes by unlocking: gnome-keyring answers "unlock prompt
 * was dismissed" when nobody can see its prompt, libsecret "Cannot create an item in a locked collection".
 */
function keyringError(keyring: string, error: unknown): KeyringUnavailableError {
  if (error instanceof KeyringUnavailableError) return error;
  const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
  return new KeyringUnavailableError(keyring, /lock/i.test(detail) ? KeyringProblem.lockedOrMissing : KeyringProblem.unreachable, detail);
}

/**
 * The message bus's answer when the keyring daemon exits while a call waits on it (it crashed, or was
 * restarted): the call may not have run. The bus starts the daemon again for the next call (D-Bus
 * activation), so the operation is asked once more; a second such answer is reported like any failure.
 */
const DAEMON_GONE = /Message recipient disconnected from message bus without replying/;

export interface OsSecretStoreOptions {
  load?: () => Promise<KeyringModule>;
  /** Where keytar (Tessera's keychain binding before @napi-rs/keyring) left items the new one cannot see. */
  keytarItems?: KeytarItems | null;
}

/**
 * @napi-rs/keyring behind `SecretStore`: Secret Service, macOS Keychain, Windows Credential Manager. Loaded
 * on first use, so a machine without a keychain still runs every command that needs none. Every failure
 * becomes a KeyringUnavailableError naming the keyring. An item only keytar's layout holds is moved to the
 * new layout on first read (written, read back, then the old one deleted), so an upgrade keeps the vault key.
 */
export function createOsSecretStore(platform: NodeJS.Platform = process.platform, options: OsSecretStoreOptions = {}): SecretStore {
  const keyringName = keyringNameFor(platform);
  const load = options.load ?? loadKeyring;
  const keytarItems = options.keytarItems === undefined ? keytarItemsFor(platform) : options.keytarItems;
  let module: Promise<KeyringModule> | undefined;

  async function call<T>(use: (entry: InstanceType<KeyringModule['AsyncEntry']>, keyring: KeyringModule, signal: AbortSignal) => Promise<T>,
    service: string, account: string): Promise<T> {
    try {
      return await withTimeout(async (signal) => {
        module ??= load();
        const keyring = await module;
        const attempt = () => use(new keyring.AsyncEntry(service, account, ENTRY_OPTIONS), keyring, signal);
        try {
          return await attempt();
        } catch (error) {
          if (!(error instanceof Error) || !DAEMON_GONE.test(error.message)) throw error;
          return await attempt();
        }
      }, keyringName);
    } catch (error) {
      throw keyringError(keyringName, error);
    }
  }

  return {
    keyringName,
    get: (service, account) => call(async (entry, keyring, signal) => {
      const value = await entry.getPassword(signal);
      if (value !== null || !keytarItems) return value;
      const old = await keytarItems.read(keyring, service, account, signal);
      if (old === null) return null;
      await entry.setPassword(old, signal);
      if ((await entry.getPassword(signal)) !== old) throw new Error(`the ${service} item could not be moved from keytar's layout`);
      await keytarItems.remove(keyring, service, account, signal);
      return old;
    }, service, account),
    set: (service, account, value) => call((entry, _keyring, signal) => entry.setPassword(value, signal), service, account),
    delete: (service, account) => call(async (entry, keyring, signal) => {
      const removed = await entry.deletePassword(signal);
      const removedOld = keytarItems ? await keytarItems.remove(keyring, service, account, signal) : false;
      return removed || removedOld;
    }, service, account),
  };
}
