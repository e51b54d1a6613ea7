import { CliError, ExitCode } from '../context';

/** A whole number ≥ 1 from an option, or a usage error naming the option. */
export function positiveInteger(text: string, option: string): number {
  if (!/^[1-9]\d{0,5}$/.test(text)) throw new CliError(`${option} must be a whole number from 1`, ExitCode.usage);
  return Number(text);
}
