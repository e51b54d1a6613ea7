import type { VaultExtraContract } from '../contract/vault-extra';
import type { ArgsValidator } from '../register';

// The arguments of the channels in contract/vault-extra.ts, spread into validators.ts's table.

const MAX_ID = 200;
const isId = (value: unknown): boolean => typeof value === 'string' && value.length >= 1 && value.length <= MAX_ID;
const noArgs = (args: readonly unknown[]): args is never => args.length === 0;
const oneId = (args: readonly unknown[]): args is never => args.length === 1 && isId(args[0]);

export const vaultExtraValidators: { [C in keyof VaultExtraContract]: ArgsValidator<C> } = {
  'vault:restore': oneId,
  'vault:trash': noArgs,
  'vault:purge': oneId,
  'settings:paletteStatus': noArgs,
};
