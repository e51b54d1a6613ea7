import { UserErrorKind, type IpcOutcome, type PushDeviceView, type UserError } from '../ipc/contract';
import { GuardianApiError } from '../push-device';
import type { LockService } from './lock-service';
import { LOCKED, ok, toUserError } from './outcome';
import { keepLinkedTotp } from './push-handlers';
import type { PushService } from './push-service';
import type { VaultHolder } from './vault-holder';

/** The server's answers for a ticket that cannot enroll a push device; its enrollment page can still use it. */
const TICKET_NOT_FOR_PUSH: ReadonlySet<string> = new Set(['ticket_factor_mismatch', 'enrollment_method_disabled']);

/** What the server's other refusals of a ticket mean to the person holding the link. */
const TICKET_REFUSALS: Readonly<Record<string, string>> = {
  enrollment_transaction_not_found: 'This enrollment link is not valid: it was already used or has expired. Ask your administrator for a new one.',
  already_enrolled: 'You are already enrolled in two-step verification, and this enrollment link does not allow another device.',
};

/** As an outcome, plus the case where the ticket is fine but not for push (the caller offers the page instead). */
export type TicketEnrollmentOutcome = IpcOutcome<PushDeviceView> | { ok: false; error: UserError; notForPush: true };

/** Enrolls this computer with a ticket; see createTicketEnrollment. */
export type TicketEnroller = (link: { ticket: string; issuer: string; name: string }) => Promise<TicketEnrollmentOutcome>;

/** Shows a first enrollment's recovery code once, in main (a dialog): the one way a recovery code is shown. */
export type RecoveryCodeDisplay = (issuer: string, code: string) => Promise<void>;

/**
 * Spends an enrollment ticket as this computer's push enrollment: a `tessera://enroll?ticket=…` link, or
 * a push QR code whose enrollment_tx_id is a ticket (push:enroll, push:enrollQr). Main only, never a
 * channel of its own: any web page can open such a link, and the answer carries a recovery code. Keeps
 * the linked TOTP in the vault as push:enroll does; a recovery code goes to `showRecoveryCode` once and
 * never into the outcome, a log or a file.
 */
export function createTicketEnrollment(
  push: PushService,
  lock: LockService,
  vault: VaultHolder,
  onAccountsChanged: () => void,
  showRecoveryCode: RecoveryCodeDisplay,
): TicketEnroller {
  return async function enrollFromTicket(link) {
    if (lock.isLocked()) return LOCKED;
    try {
      const { view, account, recoveryCode } = await push.enrollWithTicket(link.ticket, link.issuer, link.name);
      if (await keepLinkedTotp(vault, account)) onAccountsChanged();
      if (recoveryCode !== null) await showRecoveryCode(link.issuer, recoveryCode);
      return ok(view);
    } catch (error) {
      return refusalOf(error, link.issuer);
    }
  };
}

function refusalOf(error: unknown, issuer: string): TicketEnrollmentOutcome {
  if (error instanceof GuardianApiError && TICKET_NOT_FOR_PUSH.has(error.errorCode ?? '')) {
    return { ok: false, error: { kind: UserErrorKind.invalidInput, message: error.body?.message ?? error.message }, notForPush: true };
  }
  const refusal = error instanceof GuardianApiError ? TICKET_REFUSALS[error.errorCode ?? ''] : undefined;
  if (refusal !== undefined) return { ok: false, error: { kind: UserErrorKind.invalidInput, message: refusal } };
  // undici's network failure (refused, DNS, TLS): say which server, not "something went wrong".
  if (error instanceof TypeError && error.message === 'fetch failed') {
    const message = `Could not reach ${new URL(issuer).host}. Check that the server is running, then open the link again.`;
    return { ok: false, error: { kind: UserErrorKind.failed, message } };
  }
  return { ok: false, error: toUserError(error) };
}
