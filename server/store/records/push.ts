import type { PublicJwk, PushContext, PushCredentials, PushDeviceRow, PushTransactionRow } from '../push.js';

/** Push rows as both engines hold them: JSON members as text. */
export type DeviceRecord = Omit<PushDeviceRow, 'public_jwk' | 'push_credentials'> & { public_jwk: string; push_credentials: string };
export type TransactionRecord = Omit<PushTransactionRow, 'number_choices' | 'context'> & { number_choices: string | null; context: string };

export const deviceFromRecord = (row: DeviceRecord): PushDeviceRow => ({
  ...row,
  public_jwk: JSON.parse(row.public_jwk) as PublicJwk,
  push_credentials: JSON.parse(row.push_credentials) as PushCredentials,
});
export const transactionFromRecord = (row: TransactionRecord): PushTransactionRow => ({
  ...row,
  number_choices: row.number_choices === null ? null : (JSON.parse(row.number_choices) as string[]),
  // An enrollment transaction stores `{}`: no request to describe.
  context: row.context === '{}' ? null : (JSON.parse(row.context) as PushContext),
});
