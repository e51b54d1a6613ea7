import { BackupError, KeyringUnavailableError, AccountNotFoundError, OtpFormatError, VaultError } from '../vault';
import { EnrollmentUriError, GuardianApiError, PushDeviceError } from '../push-device';
import { UserErrorKind, type IpcOutcome, type UserError } from '../ipc/contract';

export const ok = <T>(value: T): IpcOutcome<T> => ({ ok: true, value });
export const fail = (kind: UserErrorKind, message: string, keyring?: string): IpcOutcome<never> => ({
  ok: false,
  error: keyring === undefined ? { kind, message } : { kind, message, keyring },
});

export const LOCKED: IpcOutcome<never> = fail(UserErrorKind.locked, 'Tessera is locked: unlock it first');

/** An error a handler met, as the page may see it; anything unexpected is logged here and shown generically. */
export function toUserError(error: unknown): UserError {
  if (error instanceof KeyringUnavailableError) return { kind: UserErrorKind.keyringUnavailable, message: error.message, keyring: error.keyring };
  if (error instanceof AccountNotFoundError) return { kind: UserErrorKind.notFound, message: error.message };
  if (error instanceof OtpFormatError || error instanceof BackupError || error instanceof EnrollmentUriError || error instanceof InputError) {
    return { kind: UserErrorKind.invalidInput, message: error.message };
  }
  if (error instanceof VaultError || error instanceof PushDeviceError || error instanceof GuardianApiError) {
    return { kind: UserErrorKind.failed, message: error.message };
  }
  console.error('[desktop] unexpected failure', error);
  return { kind: UserErrorKind.failed, message: 'Something went wrong; see the app log' };
}

/** Input the user can correct, raised by the desktop services themselves. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** Runs a handler body and turns any throw into an outcome, so no channel ever rejects. */
export async function outcomeOf<T>(work: () => T | Promise<T>): Promise<IpcOutcome<T>> {
  try {
    return ok(await work());
  } catch (error) {
    return { ok: false, error: toUserError(error) };
  }
}
