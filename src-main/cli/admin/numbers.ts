import { CliError, ExitCode } from '../context';

/** A whole number from 1 to `max` from an option, or a usage error naming the option and the limit. */
export function positiveInteger(text: string, option: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(text) || /^0+$/.test(text)) throw new CliError(`${option} must be a whole number from 1`, ExitCode.usage);
  const value = Number(text);
  if (value > max) throw new CliError(`${option} can be at most ${max}`, ExitCode.usage);
  return value;
}
