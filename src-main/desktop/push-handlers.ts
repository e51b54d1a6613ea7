import type { IpcOutcome, PushDeviceView } from '../ipc/contract';
import type { DeviceAccount } from '../push-device';
import type { HandlersFor } from './channel-handlers';
import type { LockService } from './lock-service';
import { LOCKED, outcomeOf } from './outcome';
import type { PushService } from './push-service';
import { ticketInBarcode } from './ticket-barcode';
import type { TicketEnroller } from './ticket-enrollment';
import type { VaultHolder } from './vault-holder';

/** How push:enroll spends a QR code that carries an enrollment ticket (a push-notification ticket's page). */
export interface TicketBarcodes {
  enroll: TicketEnroller;
  /** Shows a first enrollment's recovery code once, in main (a dialog): never in the outcome, a log or a file. */
  showRecoveryCode(issuer: string, code: string): Promise<void>;
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

/** `onAccountsChanged`: an enrollment's linked TOTP joined the vault. */
export function createPushHandlers(push: PushService, lock: LockService, vault: VaultHolder, onAccountsChanged: () => void, tickets: TicketBarcodes): HandlersFor<'push'> {
  const unlocked = <T>(work: () => T | Promise<T>): Promise<IpcOutcome<T>> => (lock.isLocked() ? Promise.resolve(LOCKED) : outcomeOf(work));

  async function enrollWithTicket(link: { ticket: string; issuer: string }, name: string): Promise<IpcOutcome<PushDeviceView>> {
    const outcome = await tickets.enroll({ ...link, name }, (code) => tickets.showRecoveryCode(link.issuer, code));
    // A ticket the server will not take for push (push turned off since the page showed it): its message says why.
    return outcome.ok ? outcome : { ok: false, error: outcome.error };
  }

  return {
    'push:devices': () => unlocked(() => push.devices()),
    'push:enroll': (barcodeUri, name) => {
      // Spent as a ticket, not as a transaction, so the first enrollment's recovery code reaches the user.
      const ticket = ticketInBarcode(barcodeUri);
      if (ticket !== null) return enrollWithTicket(ticket, name);
      return unlocked(async () => {
        const { view, account } = await push.enroll(barcodeUri, name);
        if (await keepLinkedTotp(vault, account)) onAccountsChanged();
        return view;
      });
    },
    'push:remove': (enrollmentId) => unlocked(async () => (await push.remove(enrollmentId), null)),
    'push:pending': () => unlocked(() => push.pending()),
    'push:resolve': (transactionId, decision, number) => unlocked(async () => (await push.resolve(transactionId, decision, number), null)),
  };
}
