import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, ExitCode } from './context';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `util.parseArgs` in strict mode, and between `min` and `max` positionals; every mistake becomes a
 * usage error that shows `usage`.
 */
export function parseCommandLine<O extends Options>(args: string[], options: O, usage: string, min: number, max: number) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CliError(`${detail}\nusage: tessera ${usage}`, ExitCode.usage);
  }
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    throw new CliError(`wrong number of arguments\nusage: tessera ${usage}`, ExitCode.usage);
  }
  return parsed;
}
