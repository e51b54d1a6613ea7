import type { IpcOutcome } from '../ipc/contract';
import type { DeviceAccount } from '../push-device';
import type { HandlersFor } from './channel-handlers';
import type { LockService } from './lock-service';
import { LOCKED, outcomeOf } from './outcome';
import type { PushService } from './push-service';
import type { VaultHolder } from './vault-holder';

/** The enrollment's linked TOTP (Auth0 issues one with each push enrollment) goes into the vault, sealed. */
export async function keepLinkedTotp(vault: VaultHolder, account: DeviceAccount): Promise<boolean> {
  if (account.totp === null) return false;
  const params = new URLSearchParams({
    secret: account.totp.secret,
    issuer: account.issuer,
    algorithm: account.totp.algorithm.toUpperCase(),
    digits: String(account.totp.digits),
    period: String(account.totp.period),
  });
  const label = `${encodeURIComponent(account.issuer)}:${encodeURIComponent(account.name)}`;
  try {
    (await vault.get()).add(`otpauth://totp/${label}?${params.toString()}`);
    return true;
  } catch (error) {
    console.warn('[push] the linked TOTP was not kept in the vault', error instanceof Error ? error.message : error);
    return false;
  }
}

/** `onAccountsChanged`: an enrollment's linked TOTP joined the vault. */
export function createPushHandlers(push: PushService, lock: LockService, vault: VaultHolder, onAccountsChanged: () => void): HandlersFor<'push'> {
  const unlocked = <T>(work: () => T | Promise<T>): Promise<IpcOutcome<T>> => (lock.isLocked() ? Promise.resolve(LOCKED) : outcomeOf(work));
  return {
    'push:devices': () => unlocked(() => push.devices()),
    'push:enroll': (barcodeUri, name) => unlocked(async () => {
      const { view, account } = await push.enroll(barcodeUri, name);
      if (await keepLinkedTotp(vault, account)) onAccountsChanged();
      return view;
    }),
    'push:remove': (enrollmentId) => unlocked(async () => (await push.remove(enrollmentId), null)),
    'push:pending': () => unlocked(() => push.pending()),
    'push:resolve': (transactionId, decision, number) => unlocked(async () => (await push.resolve(transactionId, decision, number), null)),
  };
}
