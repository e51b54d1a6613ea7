import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createOsSecretStore, KeyringUnavailableError, VAULT_KEY_ACCOUNT, VAULT_KEY_SERVICE, VaultKeyMismatchError,
} from '../../../src-main/vault';
import type { KeyringModule } from '../../../src-main/vault/keytar-items';
import { totpUri, vaultHarness, type VaultHarness } from './vault-fixtures';

const LOCKED = 'The in-memory keyring is locked or unavailable (the keyring is locked): unlock it and retry';

let harness: VaultHarness;
beforeEach(() => {
  harness = vaultHarness();
});
afterEach(() => harness.cleanup());

describe('the vault key', () => {
  it('is created once, as 32 random bytes, and reused on reopen', async () => {
    (await harness.open()).close();
    const stored = await harness.store.get(VAULT_KEY_SERVICE, VAULT_KEY_ACCOUNT);
    expect(Buffer.from(stored!, 'base64')).toHaveLength(32);
    (await harness.open()).close();
    expect(await harness.store.get(VAULT_KEY_SERVICE, VAULT_KEY_ACCOUNT)).toBe(stored);
  });

  it('a locked keyring is an error naming it, never an empty vault', async () => {
    const vault = await harness.open();
    vault.add(totpUri('GitHub:alice'));
    vault.close();
    harness.store.locked = true;
    await expect(harness.open()).rejects.toThrow(new KeyringUnavailableError('in-memory keyring', 'locked_or_missing', 'the keyring is locked'));
    await expect(harness.open()).rejects.toThrow(LOCKED);
    harness.store.locked = false;
    expect((await harness.open()).list()).toHaveLength(1);
  });

  it('a locked keyring on first run is an error too, and leaves the folder a first run', async () => {
    harness.store.locked = true;
    await expect(harness.open()).rejects.toThrow(LOCKED);
    harness.store.locked = false;
    expect((await harness.open()).list()).toEqual([]);
  });

  it('a deleted item is an error, and is not silently replaced by a new key', async () => {
    (await harness.open()).close();
    await harness.store.delete(VAULT_KEY_SERVICE, VAULT_KEY_ACCOUNT);
    await expect(harness.open()).rejects.toThrow(KeyringUnavailableError);
    expect(await harness.store.get(VAULT_KEY_SERVICE, VAULT_KEY_ACCOUNT)).toBeNull();
  });

  it.each([
    [Buffer.alloc(32, 7).toString('base64'), 'the vault key in the in-memory keyring is not the one this vault was created with (it was replaced); restore the accounts from a backup'],
    [Buffer.alloc(16, 7).toString('base64'), 'the vault key in the in-memory keyring is not a 32-byte key'],
  ])('a replaced key (%s) is refused', async (replacement, message) => {
    (await harness.open()).close();
    await harness.store.set(VAULT_KEY_SERVICE, VAULT_KEY_ACCOUNT, replacement);
    await expect(harness.open()).rejects.toThrow(new VaultKeyMismatchError(message));
  });
});

describe('createOsSecretStore', () => {
  it.each([
    ['linux', 'Secret Service keyring (login)'], ['darwin', 'macOS Keychain (login)'], ['win32', 'Windows Credential Manager'],
  ] as const)('on %s names the %s', (platform, name) => {
    expect(createOsSecretStore(platform).keyringName).toBe(name);
  });

  /** A keyring module whose every entry fails as @napi-rs/keyring does (messages seen against gnome-keyring). */
  const failingKeyring = (message: string) => ({
    AsyncEntry: class {
      getPassword() { return Promise.reject(new Error(message)); }
    },
  }) as unknown as KeyringModule;

  it.each([
    ['Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead', 'unreachable',
      'The Secret Service keyring (login) is unreachable (Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead): start or unlock it and retry'],
    ["Couldn't access platform storage: Secret Service: unlock prompt was dismissed", 'locked_or_missing',
      "The Secret Service keyring (login) is locked or unavailable (Couldn't access platform storage: Secret Service: unlock prompt was dismissed): unlock it and retry"],
  ])('turns "%s" into a KeyringUnavailableError', async (libraryMessage, problem, message) => {
    const store = createOsSecretStore('linux', { load: async () => failingKeyring(libraryMessage), keytarItems: null });
    await expect(store.get(VAULT_KEY_SERVICE, VAULT_KEY_ACCOUNT)).rejects.toThrow(new KeyringUnavailableError('Secret Service keyring (login)', problem as 'unreachable', libraryMessage));
    await expect(store.get(VAULT_KEY_SERVICE, VAULT_KEY_ACCOUNT)).rejects.toThrow(message);
  });

  it('asks once more when the keyring daemon exited while answering, and reports a second exit', async () => {
    const gone = 'Platform failure: DBus error: Message recipient disconnected from message bus without replying';
    /** Entries whose calls answer, in turn, the scripted outcomes: an Error rejects, a string resolves. */
    const scripted = (outcomes: (string | Error)[]) => {
      const calls: string[] = [];
      const next = (call: string) => {
        calls.push(call);
        const outcome = outcomes.shift();
        return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome ?? null);
      };
      const module = {
        AsyncEntry: class {
          getPassword() { return next('get'); }
          setPassword() { return next('set').then(() => undefined); }
        },
      } as unknown as KeyringModule;
      return { calls, store: createOsSecretStore('linux', { load: async () => module, keytarItems: null }) };
    };
    const once = scripted([new Error(gone), 'the-key']);
    expect(await once.store.get(VAULT_KEY_SERVICE, VAULT_KEY_ACCOUNT)).toBe('the-key');
    expect(once.calls).toEqual(['get', 'get']);
    const set = scripted([new Error(gone), '']);
    await set.store.set(VAULT_KEY_SERVICE, VAULT_KEY_ACCOUNT, 'k');
    expect(set.calls).toEqual(['set', 'set']);
    const twice = scripted([new Error(gone), new Error(gone), 'never']);
    await expect(twice.store.get(VAULT_KEY_SERVICE, VAULT_KEY_ACCOUNT)).rejects.toThrow(new KeyringUnavailableError('Secret Service keyring (login)', 'unreachable', gone));
    expect(twice.calls).toEqual(['get', 'get']);
    // Any other failure is reported at once.
    const locked = scripted([new Error("Couldn't access platform storage: Secret Service: unlock prompt was dismissed"), 'never']);
    await expect(locked.store.get(VAULT_KEY_SERVICE, VAULT_KEY_ACCOUNT)).rejects.toThrow(KeyringUnavailableError);
    expect(locked.calls).toEqual(['get']);
  });

  it('turns a keyring module that cannot load into a KeyringUnavailableError', async () => {
    const store = createOsSecretStore('linux', { load: () => Promise.reject(new Error('keyring.linux-x64-gnu.node: cannot open shared object file')) });
    await expect(store.get(VAULT_KEY_SERVICE, VAULT_KEY_ACCOUNT)).rejects.toThrow(new KeyringUnavailableError('Secret Service keyring (login)', 'unreachable',
      'keyring.linux-x64-gnu.node: cannot open shared object file'));
  });
});
