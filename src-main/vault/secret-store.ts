import { KeyringProblem, KeyringUnavailableError } from './errors';

/**
 * The one door to the OS keychain. keytar (archived upstream) is behind it today; another binding, or
 * Electron's safeStorage, can replace it without touching the vault.
 */
export interface SecretStore {
  /** A human name for the keyring, used in every error: "Secret Service keyring (login)". */
  readonly keyringName: string;
  /** Null when there is no such item. A locked keyring also answers null here (libsecret does). */
  get(service: string, account: string): Promise<string | null>;
  set(service: string, account: string, value: string): Promise<void>;
  delete(service: string, account: string): Promise<boolean>;
}

/** The keyring keytar talks to on each platform (Secret Service, Keychain, Credential Manager). */
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
  return {
    keyringName,
    locked: false,
    async get(service, account) {
      return this.locked ? null : (items.get(id(service, account)) ?? null);
    },
    async set(service, account, value) {
      // As the keytar store reports libsecret's "Cannot create an item in a locked collection".
      if (this.locked) throw new KeyringUnavailableError(keyringName, KeyringProblem.lockedOrMissing, 'cannot create an item in a locked collection');
      items.set(id(service, account), value);
    },
    async delete(service, account) {
      return !this.locked && items.delete(id(service, account));
    },
  };
}
