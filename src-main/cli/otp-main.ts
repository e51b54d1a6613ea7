import type { EarlySecretRead } from '../vault/early-secret-read';
import type { CliContext } from './context';
import { otpCommands } from './otp-commands';
import type { CommandTable } from './router';
import { runCli } from './run';

/**
 * `tessera otp …` alone, which scripts/build-node.mjs bundles into one file (out/node/otp.mjs) for the bin
 * to run: a one-shot command's time is mostly start-up, and Node loads one file faster than the fifteen
 * chunks the full CLI's build splits the same code into. Same output as `main` for every otp command line.
 */
export const OTP_COMMANDS: CommandTable = { otp: async () => otpCommands };

/** `vaultKey`: the read out/node/otp-start.mjs began (the bin runs that file first). */
export function main(argv: string[], context?: CliContext, vaultKey?: EarlySecretRead): Promise<number> {
  return runCli(OTP_COMMANDS, argv, context, vaultKey);
}
