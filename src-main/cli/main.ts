import type { CliContext } from './context';
import type { CommandTable } from './router';
import { runCli } from './run';

export const COMMANDS: CommandTable = {
  device: async () => (await import('./device-commands')).deviceCommands,
  otp: async () => (await import('./otp-commands')).otpCommands,
  admin: async () => (await import('./admin')).adminCommands,
};

/** Runs one `tessera …` invocation and returns its exit code; never calls `process.exit`. */
export function main(argv: string[], context?: CliContext): Promise<number> {
  return runCli(COMMANDS, argv, context);
}
