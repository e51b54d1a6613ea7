import os from 'node:os';
import { EnrollmentUriError, GuardianApiError, PushDeviceError } from '../push-device/errors';
import { systemClock } from '../push-device/types';
import type { EarlySecretRead } from '../vault/early-secret-read';
import { VaultError } from '../vault/errors';
import { CliError, ExitCode, writeLine, type CliContext } from './context';
import { startVaultKeyRead } from './early-vault-key';
import { route, type CommandTable } from './router';

// Errors the user can act on get their message; anything else is a bug and keeps its stack.
function describeError(error: unknown): string {
  if (error instanceof CliError || error instanceof EnrollmentUriError || error instanceof PushDeviceError) return error.message;
  if (error instanceof GuardianApiError) return `the server answered ${error.message}`;
  // One line even when the keyring's D-Bus error spans several: scripts read the first line of stderr.
  if (error instanceof VaultError) return error.message.replace(/\s*\n\s*/g, ' ');
  if (error instanceof TypeError && error.message === 'fetch failed') {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    return `cannot reach the server${cause ? `: ${cause}` : ''}`;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

const guardedStreams = new WeakSet<NodeJS.WriteStream>();

/** `tessera otp list | head -1`: a reader that stops early is not an error. */
function endOnEpipe(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  if (guardedStreams.has(stream)) return stream;
  guardedStreams.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  return stream;
}

/**
 * The process's own streams, each made when first used: Node builds `process.stdin` and a piped
 * `process.stderr` on first access (a few ms each), and most commands never read one or write the other.
 */
export function processContext(signal: AbortSignal, vaultKey?: CliContext['vaultKey']): CliContext {
  return {
    get stdout() {
      return endOnEpipe(process.stdout);
    },
    get stderr() {
      return endOnEpipe(process.stderr);
    },
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    platform: process.platform,
    homedir: os.homedir(),
    hostname: os.hostname(),
    fetch: (input, init) => fetch(input, init),
    clock: systemClock,
    signal,
    vaultKey,
  };
}

/**
 * Runs one `tessera …` invocation over `table` and returns its exit code; never calls `process.exit`.
 * `begunVaultKeyRead`: the read the bin already began (otp-start.ts); otherwise one begins here when needed.
 */
export async function runCli(table: CommandTable, argv: string[], context?: CliContext, begunVaultKeyRead?: EarlySecretRead): Promise<number> {
  // First of all, so the keychain answers while the command's code loads.
  const vaultKey = context ? undefined : (begunVaultKeyRead ?? startVaultKeyRead(argv, process.platform));
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  if (!context) process.once('SIGINT', onSigint);
  try {
    return await route(table, argv, context ?? processContext(controller.signal, vaultKey));
  } catch (error) {
    writeLine((context ?? processContext(controller.signal)).stderr, `tessera: ${describeError(error)}`);
    return error instanceof CliError ? error.exitCode : ExitCode.failure;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
