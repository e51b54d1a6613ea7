import { ServerRefusalError } from '../../desktop/admin/server-refusal';
import { AdminError, AdminErrorKind } from '../../desktop/admin/types';
import { CliError, ExitCode, writeLine, type CliContext } from '../context';
import { terminalSafe } from '../format';
import type { Command } from '../router';

const LOGIN_HINT = 'run tessera admin login <base-url> --client-id ID';

/** `login` itself was refused: its message already says what happened, so no "log in again" hint. */
export class LoginRefusedError extends AdminError {}

/** What the admin reads: the service's words, plus what to type next where the CLI knows it. */
function adminMessage(error: AdminError): string {
  const message = terminalSafe(error.message.replace(/\s*\n\s*/g, ' '));
  if (error instanceof LoginRefusedError) return message;
  // Not for an unreachable keyring: logging in again would not help there.
  if (error.kind === AdminErrorKind.notConnected && /log in|connection/i.test(message)) return `${message} (${LOGIN_HINT})`;
  if (error.kind === AdminErrorKind.unauthorized) return `${message} (${LOGIN_HINT} with the client's current secret)`;
  return message;
}

/** `--json` errors: one line `{"error": kind, "message": …}` on stderr, so stdout stays parseable. */
function jsonFailure(context: CliContext, kind: string, message: string, code: ExitCode): ExitCode {
  writeLine(context.stderr, JSON.stringify({ error: kind, message }));
  return code;
}

/**
 * 2 for a usage mistake: input refused before any request, here or by the service. Input the server
 * refused (ServerRefusalError) is an operation that failed, 1, as every other failure.
 */
const exitCodeOf = (error: AdminError): ExitCode =>
  error.kind === AdminErrorKind.invalidInput && !(error instanceof ServerRefusalError) ? ExitCode.usage : ExitCode.failure;

function report(error: unknown, args: string[], context: CliContext): ExitCode {
  const json = args.includes('--json');
  if (error instanceof AdminError) {
    if (json) return jsonFailure(context, error.kind, adminMessage(error), exitCodeOf(error));
    throw new CliError(adminMessage(error), exitCodeOf(error));
  }
  if (json && error instanceof CliError) {
    const kind = error.exitCode === ExitCode.usage ? AdminErrorKind.invalidInput : AdminErrorKind.failed;
    return jsonFailure(context, kind, error.message, error.exitCode);
  }
  throw error;
}

/** A `tessera admin` command: AdminError becomes one clear line (text, or JSON with `--json`), exit 1 (2 for a usage mistake). */
export function adminCommand(command: Command): Command {
  return {
    summary: command.summary,
    usage: command.usage,
    async run(args, context) {
      try {
        return await command.run(args, context);
      } catch (error) {
        return report(error, args, context);
      }
    },
  };
}

/** Destructive commands act only with `--yes`: a script must say so, and a typo cannot reset anyone. */
export function requireYes(yes: boolean | undefined, what: string): void {
  if (yes !== true) throw new CliError(`${what}: add --yes to confirm`, ExitCode.usage);
}
