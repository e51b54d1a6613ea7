import { KeyringProblem, KeyringUnavailableError } from './errors';
import { keyringNameFor, type SecretStore } from './secret-store';

type Keytar = typeof import('keytar');

/** A keyring that never answers (a prompt nobody can see) must not hang the app or the CLI. */
const KEYRING_TIMEOUT_MS = 15_000;

async function loadKeytar(): Promise<Keytar> {
  const loaded = (await import('keytar')) as Keytar & { default?: Keytar };
  return loaded.default ?? loaded;
}

function withTimeout<T>(work: Promise<T>, keyring: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KeyringUnavailableError(keyring, KeyringProblem.unreachable,
      `no answer within ${KEYRING_TIMEOUT_MS / 1000} s`)), KEYRING_TIMEOUT_MS);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * keytar behind `SecretStore`. Loaded on first use, so a machine without libsecret still runs every
 * command that needs no keychain. Every failure becomes a KeyringUnavailableError naming the keyring:
 * no D-Bus ("Cannot autolaunch D-Bus without X11 $DISPLAY"), no Secret Service, or a locked collection
 * refusing a new item.
 */
export function createKeytarSecretStore(platform: NodeJS.Platform = process.platform, load: () => Promise<Keytar> = loadKeytar): SecretStore {
  const keyringName = keyringNameFor(platform);
  let keytar: Promise<Keytar> | undefined;
  async function call<T>(use: (module: Keytar) => Promise<T>): Promise<T> {
    try {
      keytar ??= load();
      return await withTimeout(keytar.then(use), keyringName);
    } catch (error) {
      if (error instanceof KeyringUnavailableError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      const locked = /locked/i.test(detail);
      throw new KeyringUnavailableError(keyringName, locked ? KeyringProblem.lockedOrMissing : KeyringProblem.unreachable, detail);
    }
  }
  return {
    keyringName,
    get: (service, account) => call((k) => k.getPassword(service, account)),
    set: (service, account, value) => call((k) => k.setPassword(service, account, value)),
    delete: (service, account) => call((k) => k.deletePassword(service, account)),
  };
}
