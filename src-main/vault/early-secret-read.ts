import { KEYRING_TIMEOUT_MS, loadKeyring } from './keyring-module';
import type { KeyringModule } from './keytar-items';
import type { SecretStore } from './secret-store';

/**
 * A keychain item read before anyone asks for it, so the keychain's round trips overlap the loading of the
 * code that will need it. Resolves to the value, or undefined for "ask the keychain as usual": no such
 * item, several, a locked or unreachable keyring, no answer in time. Never rejects; the ordinary read then
 * reports the problem with its own words, as it always has.
 */
export type EarlySecretRead = Promise<string | undefined>;

/**
 * Secret Service only, where it pays: @napi-rs/keyring's `AsyncEntry` constructor talks to the bus on the
 * calling thread (about 8 ms), while `findCredentialsAsync` does its connection, search and read on
 * libuv's thread pool. It searches by `service` and keeps the item whose `username` is the account (the
 * entry also matches its `target`: two items that differ only there count as several). Elsewhere nothing
 * is read early.
 */
export function readSecretEarly(platform: NodeJS.Platform, service: string, account: string, load: () => Promise<KeyringModule> = loadKeyring): EarlySecretRead {
  if (platform !== 'linux' && platform !== 'freebsd') return Promise.resolve(undefined);
  let timer: NodeJS.Timeout | undefined;
  const tooLate = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, KEYRING_TIMEOUT_MS, undefined);
    timer.unref();
  });
  const read = load()
    .then((keyring) => keyring.findCredentialsAsync(service))
    .then((found) => {
      const matches = found.filter((credential) => credential.account === account);
      return matches.length === 1 ? matches[0]!.password : undefined;
    })
    .catch(() => undefined);
  return Promise.race([read, tooLate]).finally(() => clearTimeout(timer));
}

/**
 * `store`, except that its first `get` of this one item takes the early read's value when there is one.
 * Writing or deleting the item first drops the early value, so nothing stale is ever returned.
 */
export function withEarlyRead(store: SecretStore, service: string, account: string, early: EarlySecretRead): SecretStore {
  let pending: EarlySecretRead | undefined = early;
  const isItem = (otherService: string, otherAccount: string) => otherService === service && otherAccount === account;
  return {
    keyringName: store.keyringName,
    async get(getService, getAccount) {
      if (!isItem(getService, getAccount) || pending === undefined) return store.get(getService, getAccount);
      const value = await pending;
      pending = undefined;
      return value ?? store.get(getService, getAccount);
    },
    set(setService, setAccount, value) {
      if (isItem(setService, setAccount)) pending = undefined;
      return store.set(setService, setAccount, value);
    },
    delete(deleteService, deleteAccount) {
      if (isItem(deleteService, deleteAccount)) pending = undefined;
      return store.delete(deleteService, deleteAccount);
    },
  };
}
