import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, ExitCode } from './context';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs's error as one line (scripts read the first line of stderr). Node 20's own words span three lines
 * for a value that starts with a dash, and leave a quote open for an unknown option (`as in '-- "--bogus"`).
 * The codes: https://nodejs.org/api/errors.html#err_parse_args_unknown_option and the entry above it.
 */
function parseMistake(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  const option = /'(-[^'\s]*)/.exec(message)?.[1];
  if (option !== undefined && code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Unknown option '${option}': an argument that starts with - goes after --, as in -- ${option}`;
  if (option !== undefined && code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && message.includes('ambiguous')) {
    return `Option '${option}' needs a value: one that starts with - is written ${option}=-VALUE`;
  }
  return message.replace(/\s*\n\s*/g, ' ');
}

/**
 * `util.parseArgs` in strict mode, and between `min` and `max` positionals; every mistake becomes a
 * usage error that shows `usage`.
 */
export function parseCommandLine<O extends Options>(args: string[], options: O, usage: string, min: number, max: number) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`${parseMistake(error)}\nusage: tessera ${usage}`, ExitCode.usage);
  }
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    throw new CliError(`wrong number of arguments\nusage: tessera ${usage}`, ExitCode.usage);
  }
  return parsed;
}
