import type { KeyringModule } from './keytar-items';

/** A keyring that never answers (a prompt nobody can see) must not hang the app or the CLI. */
export const KEYRING_TIMEOUT_MS = 15_000;

/**
 * @napi-rs/keyring, loaded on first use so a machine without a keychain still runs every command that
 * needs none. One module instance whoever asks first: the early read (early-secret-read.ts) or the store.
 */
export async function loadKeyring(): Promise<KeyringModule> {
  const loaded = (await import('@napi-rs/keyring')) as KeyringModule & { default?: KeyringModule };
  return loaded.default ?? loaded;
}
