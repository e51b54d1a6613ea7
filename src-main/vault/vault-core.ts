import type { ScryptCost } from './backup';
import type Database from 'better-sqlite3';
import type { AccountRepo, AccountRow } from './account-repo';
import { computeCode } from './otp-code';
import { openSeed, type RandomBytes } from './seed-cipher';
import { OtpKind, type OtpParams } from './types';

/** What the vault's parts share once it is open: the database, the vault key, injected randomness and clock. */
export interface VaultCore {
  db: Database.Database;
  repo: AccountRepo;
  key: Buffer;
  random: RandomBytes;
  clock: { now(): number };
  /** The scrypt cost of encrypted exports (tests only; BACKUP_SCRYPT otherwise). */
  backupCost?: ScryptCost;
}

/**
 * Runs `use` with the account's seed in hand and wipes the buffer afterwards: the plaintext seed
 * exists only for the length of one code computation (or one export).
 */
export function withSeed<T>(core: VaultCore, row: AccountRow, use: (seed: Buffer) => T): T {
  const seed = openSeed(core.key, row.id, row.sealedSecret);
  try {
    return use(seed);
  } finally {
    seed.fill(0);
  }
}

/** The code to compare at `atMs` for verification: TOTP/Steam at that time, HOTP at its stored counter. */
export function codeAt(seed: Uint8Array, params: OtpParams, atMs: number): string {
  return params.kind === OtpKind.hotp ? computeCode(seed, params, { counter: params.counter ?? 0 }) : computeCode(seed, params, { nowMs: atMs });
}
