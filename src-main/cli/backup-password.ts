import { Writable } from 'node:stream';
import { MIN_BACKUP_PASSWORD_LENGTH } from '../vault/backup';
import { CliError, ExitCode, writeLine, type CliContext } from './context';

/** Where a backup password comes from when no `--password-env` names another variable. */
export const BACKUP_PASSWORD_ENV = 'TESSERA_BACKUP_PASSWORD';

/** Reads one line from the terminal without echoing it (the prompt itself is shown). */
export async function askHidden(context: CliContext, question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) context.stderr.write(chunk);
      done();
    },
  });
  // Loaded here: most otp commands never ask, and readline costs every start a few ms.
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: context.stdin, output, terminal: true });
  try {
    const answer = rl.question(question);
    muted = true;
    return await answer;
  } finally {
    rl.close();
    writeLine(context.stderr);
  }
}

const isTerminal = (stream: NodeJS.ReadableStream) => (stream as { isTTY?: boolean }).isTTY === true;

/**
 * The backup password: from the environment variable `variable`, else asked on the terminal (twice when
 * choosing one, so a typo cannot lock the user out of their own backup). Never from an argument:
 * arguments show in `ps` and shell history.
 */
export async function backupPassword(context: CliContext, options: { variable?: string; confirm: boolean }): Promise<string> {
  const variable = options.variable ?? BACKUP_PASSWORD_ENV;
  const fromEnv = context.env[variable];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (options.variable !== undefined) throw new CliError(`${variable} is not set: it should hold the backup password`, ExitCode.usage);
  if (!isTerminal(context.stdin)) {
    throw new CliError(`a backup password is needed: set ${BACKUP_PASSWORD_ENV}, or run this in a terminal to be asked`, ExitCode.usage);
  }
  const password = await askHidden(context, 'Backup password: ');
  if (options.confirm) {
    if (password.length < MIN_BACKUP_PASSWORD_LENGTH) throw new CliError(`the backup password must have at least ${MIN_BACKUP_PASSWORD_LENGTH} characters`);
    if ((await askHidden(context, 'Repeat it: ')) !== password) throw new CliError('the two passwords differ; nothing was exported');
  }
  return password;
}
