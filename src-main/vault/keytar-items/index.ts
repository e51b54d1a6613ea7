import { createSecretServiceKeytarItems } from './secret-service-items';
import { createWindowsKeytarItems } from './windows-items';

export type KeyringModule = typeof import('@napi-rs/keyring');

/**
 * The items keytar wrote, where @napi-rs/keyring does not find them by the same service and account.
 * `read` gives null when there is none; `remove` tells whether one was deleted. Both throw (with
 * "locked" in the message) when the item is in a locked collection.
 */
export interface KeytarItems {
  read(keyring: KeyringModule, service: string, account: string, signal: AbortSignal): Promise<string | null>;
  remove(keyring: KeyringModule, service: string, account: string, signal: AbortSignal): Promise<boolean>;
}

/**
 * Linux: keytar used libsecret's attributes `service` + `account`, @napi-rs/keyring uses `service` +
 * `username` (and its findCredentials skips items without `username`), so the old items are read over
 * D-Bus. Windows: keytar's target name was "service/account" with a UTF-8 blob, the new default is
 * "account.service". macOS: both use the generic password of the same service and account, nothing to move.
 */
export function keytarItemsFor(platform: NodeJS.Platform): KeytarItems | null {
  if (platform === 'linux' || platform === 'freebsd') return createSecretServiceKeytarItems();
  if (platform === 'win32') return createWindowsKeytarItems();
  return null;
}
