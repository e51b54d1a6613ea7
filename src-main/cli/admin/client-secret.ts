import { askHidden } from '../backup-password';
import { CliError, ExitCode, type CliContext } from '../context';

/** Where `tessera admin login` takes the client secret from first. */
export const ADMIN_SECRET_ENV = 'TESSERA_ADMIN_CLIENT_SECRET';

const isTerminal = (stream: NodeJS.ReadableStream) => (stream as { isTTY?: boolean }).isTTY === true;

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return text;
}

/**
 * The client secret: the environment variable, else stdin when piped (`… | tessera admin login`), else a
 * prompt that does not echo. Never an argument: arguments show in `ps` and in shell history.
 */
export async function readClientSecret(context: CliContext): Promise<string> {
  const fromEnv = context.env[ADMIN_SECRET_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const secret = isTerminal(context.stdin) ? await askHidden(context, 'Client secret: ') : (await readAll(context.stdin)).replace(/\r?\n$/, '');
  if (secret === '') throw new CliError(`no client secret: set ${ADMIN_SECRET_ENV}, pipe it on stdin, or type it when asked`, ExitCode.usage);
  return secret;
}
