/** Every failure of the vault that a user can act on; the CLI prints `message` without a stack. */
export class VaultError extends Error {
  override readonly name: string = 'VaultError';
}

export const KeyringProblem = { lockedOrMissing: 'locked_or_missing', unreachable: 'unreachable' } as const;
export type KeyringProblem = (typeof KeyringProblem)[keyof typeof KeyringProblem];

/**
 * The OS keyring holding the vault key cannot give it: locked, the item removed, or no keyring service
 * at all. Never reported as "no accounts": the accounts exist, their seeds are just out of reach.
 */
export class KeyringUnavailableError extends VaultError {
  override readonly name = 'KeyringUnavailableError';

  constructor(
    /** A human name for the keyring, e.g. "Secret Service keyring (login)". */
    readonly keyring: string,
    readonly problem: KeyringProblem,
    readonly detail?: string,
  ) {
    const why = detail ? ` (${detail})` : '';
    super(problem === KeyringProblem.unreachable
      ? `The ${keyring} is unreachable${why}: start or unlock it and retry`
      : `The ${keyring} is locked or unavailable${why}: unlock it and retry`);
  }
}

/** The keyring answered with a vault key that does not open this vault (replaced or from elsewhere). */
export class VaultKeyMismatchError extends VaultError {
  override readonly name = 'VaultKeyMismatchError';
}

/** An otpauth URI, export file or parameter set that cannot become an account; the message says why. */
export class OtpFormatError extends VaultError {
  override readonly name: string = 'OtpFormatError';
}

/** A Google Authenticator export spread over several QR codes, with some not given. */
export class MigrationBatchesMissingError extends OtpFormatError {
  override readonly name = 'MigrationBatchesMissingError';

  constructor(readonly batchId: number, readonly batchSize: number, readonly missing: number[]) {
    const which = missing.map((index) => index + 1).join(', ');
    super(`the Google Authenticator export has ${batchSize} QR codes; missing: ${which} of ${batchSize}`
      + ' (scan all of them and import them together)');
  }
}

export class AccountNotFoundError extends VaultError {
  override readonly name = 'AccountNotFoundError';
}

/** An encrypted backup that cannot be opened: wrong password, damage, or an unknown version. */
export class BackupError extends VaultError {
  override readonly name = 'BackupError';
}

/** A restore or import whose stored accounts did not reproduce the source's codes; nothing was kept. */
export class ImportVerificationError extends VaultError {
  override readonly name = 'ImportVerificationError';
}
