import { KeyringProblem, KeyringUnavailableError } from './errors';

/**
 * The one door to the OS keychain. @napi-rs/keyring is behind it today (keytar, archived upstream, was
 * before); another binding, or Electron's safeStorage, can replace it without touching the vault.
 */
export interface SecretStore {
  /** A human name for the keyring, used in every error: "Secret Service keyring (login)". */
  readonly keyringName: string;
  /**
   * Null only when there is no such item. A locked keyring (or one out of reach) throws a
   * KeyringUnavailableError, never null: "locked" and "no key yet" must never look alike.
   */
  get(service: string, account: string): Promise<string | null>;
  /** Throws a KeyringUnavailableError when the keyring is locked or out of reach. */
  set(service: string, account: string, value: string): Promise<void>;
  /** False when there was no such item; a locked keyring throws, as for `get`. */
  delete(service: string, account: string): Promise<boolean>;
}

/** The keyring the OS store talks to on each platform (Secret Service, Keychain, Credential Manager). */
export function keyringNameFor(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain (login)';
  if (platform === 'win32') return 'Windows Credential Manager';
  // libsecret stores into the "default" alias, which gnome-keyring and KWallet point at "login".
  return 'Secret Service keyring (login)';
}

/** For tests and for running without a keychain on purpose: values live in this process only. */
export function createMemorySecretStore(keyringName = 'in-memory keyring'): SecretStore & { locked: boolean } {
  const items = new Map<string, string>();
  const id = (service: string, account: string) => `${service}\u0000${account}`;
  const refuse = (detail: string) => new KeyringUnavailableError(keyringName, KeyringProblem.lockedOrMissing, detail);
  return {
    keyringName,
    locked: false,
    async get(service, account) {
      // As the OS store reports gnome-keyring's "unlock prompt was dismissed".
      if (this.locked) throw refuse('the keyring is locked');
      return items.get(id(service, account)) ?? null;
    },
    async set(service, account, value) {
      if (this.locked) throw refuse('cannot create an item in a locked collection');
      items.set(id(service, account), value);
    },
    async delete(service, account) {
      if (this.locked) throw refuse('the keyring is locked');
      return items.delete(id(service, account));
    },
  };
}
