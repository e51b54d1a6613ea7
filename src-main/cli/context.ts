import type { Clock, FetchLike } from '../push-device';
import type { EarlySecretRead } from '../vault/early-secret-read';
import type { SecretStore } from '../vault/secret-store';

export const ExitCode = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Everything a command touches outside itself, so tests can run commands without a real terminal. */
export interface CliContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  homedir: string;
  hostname: string;
  fetch: FetchLike;
  clock: Clock;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /** The keychain for `tessera admin`; absent = the OS keychain (tests pass an in-memory one). */
  secretStore?: SecretStore;
  /** The vault key, read from the OS keychain as the process started (early-vault-key.ts); a hint only. */
  vaultKey?: EarlySecretRead;
}

/** A failure with a message meant for the user; no stack trace is printed. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.failure,
  ) {
    super(message);
  }
}

export function writeLine(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(`${line}\n`);
}
