import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, ExitCode } from './context';

type Options = NonNullable<ParseArgsConfig['options']>;

/** `util.parseArgs` in strict mode, with its errors turned into usage errors that show `usage`. */
export function parseCommandArgs<O extends Options>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CliError(`${detail}\nusage: tessera ${usage}`, ExitCode.usage);
  }
}

export function expectPositionals(positionals: string[], min: number, max: number, usage: string): void {
  if (positionals.length < min || positionals.length > max) {
    throw new CliError(`wrong number of arguments\nusage: tessera ${usage}`, ExitCode.usage);
  }
}

/** Both of the above: options parsed, and between `min` and `max` positionals. */
export function parseCommandLine<O extends Options>(args: string[], options: O, usage: string, min: number, max: number) {
  const parsed = parseCommandArgs(args, options, usage);
  expectPositionals(parsed.positionals, min, max, usage);
  return parsed;
}
