import type { IpcOutcome, PushDeviceView } from '../ipc/contract';
import type { DeviceAccount } from '../push-device';
import type { ElectronAdapters } from './adapters';
import type { HandlersFor } from './channel-handlers';
import type { LockService } from './lock-service';
import { LOCKED, ok, outcomeOf } from './outcome';
import { readPushBarcode } from './push-qr';
import type { PushService } from './push-service';
import { ticketInBarcode } from './ticket-barcode';
import type { TicketEnroller } from './ticket-enrollment';
import type { VaultHolder } from './vault-holder';

export interface PushHandlerDeps {
  push: PushService;
  lock: LockService;
  vault: VaultHolder;
  /** The clipboard and the screen captures push:enrollQr reads. */
  adapters: ElectronAdapters;
  /** An enrollment's linked TOTP joined the vault. */
  onAccountsChanged(): void;
  /** How a QR code that carries an enrollment ticket (a push-notification ticket's page) is spent. */
  enrollFromTicket: TicketEnroller;
}

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

export function createPushHandlers(deps: PushHandlerDeps): HandlersFor<'push'> {
  const { push, lock } = deps;
  const unlocked = <T>(work: () => T | Promise<T>): Promise<IpcOutcome<T>> => (lock.isLocked() ? Promise.resolve(LOCKED) : outcomeOf(work));

  /** A push barcode, pasted, linked or read from a QR code: every way in enrolls the same. */
  async function enrollBarcode(barcodeUri: string, name: string): Promise<IpcOutcome<PushDeviceView>> {
    // Spent as a ticket, not as a transaction, so the first enrollment's recovery code reaches the user
    // (in main's dialog, before this answers).
    const ticket = ticketInBarcode(barcodeUri);
    if (ticket !== null) {
      const outcome = await deps.enrollFromTicket({ ...ticket, name });
      // A ticket the server will not take for push (push turned off since the page showed it): its message says why.
      return outcome.ok ? outcome : { ok: false, error: outcome.error };
    }
    return unlocked(async () => {
      const { view, account } = await push.enroll(barcodeUri, name);
      if (await keepLinkedTotp(deps.vault, account)) deps.onAccountsChanged();
      return view;
    });
  }

  return {
    'push:devices': () => unlocked(() => push.devices()),
    'push:enroll': enrollBarcode,
    'push:enrollQr': async (source, name) => {
      // Nothing is captured or asked of the user while locked.
      if (lock.isLocked()) return LOCKED;
      const read = await outcomeOf(() => readPushBarcode(source, deps.adapters));
      if (!read.ok) return read;
      if (read.value === null) return ok(null);
      return enrollBarcode(read.value, name);
    },
    'push:remove': (enrollmentId) => unlocked(async () => (await push.remove(enrollmentId), null)),
    'push:pending': () => unlocked(() => push.pending()),
    'push:resolve': (transactionId, decision, number) => unlocked(async () => (await push.resolve(transactionId, decision, number), null)),
  };
}
