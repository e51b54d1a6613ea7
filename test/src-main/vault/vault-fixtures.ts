import { execFileSync } from 'node:child_process';
import { TEST_DESKTOP_KDF } from '../../helpers/test-crypto.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMemorySecretStore, openVault, type SecretStore, type Vault } from '../../../src-main/vault';
import { fixedClock, type FixedClock } from '../../helpers/clock';

/** 2026-11-23T12:00:00Z: every vault test runs at this instant unless it moves the clock. */
export const NOW_MS = Date.UTC(2026, 10, 23, 12, 0, 0);
/** The 80-bit secret of countless tutorials ("Hello!\xde\xad\xbe\xef"): what real sites issue. */
export const SHORT_SECRET = 'JBSWY3DPEHPK3PXP';
/** RFC 6238 appendix B's SHA1 seed "12345678901234567890" in base32. */
export const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

/** `oathtool` (apt) as the independent reference generator. */
export function oathtotp(secret: string, algorithm: string, digits: number, period: number, atMs: number): string {
  const args = [`--totp=${algorithm}`, '-b', '-d', String(digits), '-s', `${period}s`, '-N', `@${Math.floor(atMs / 1000)}`, secret];
  return execFileSync('oathtool', args, { encoding: 'utf8' }).trim();
}

export function oathhotp(secret: string, counter: number, digits = 6): string {
  return execFileSync('oathtool', ['--hotp', '-b', '-c', String(counter), '-d', String(digits), secret], { encoding: 'utf8' }).trim();
}

export interface VaultHarness {
  dataDir: string;
  store: SecretStore & { locked: boolean };
  clock: FixedClock;
  open(): Promise<Vault>;
  cleanup(): void;
}

/** A fresh data folder and in-memory keyring per test; `open` may be called again to reopen. */
export function vaultHarness(): VaultHarness {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tessera-vault-'));
  const store = createMemorySecretStore();
  const clock = fixedClock(NOW_MS);
  const opened: Vault[] = [];
  return {
    dataDir, store, clock,
    async open() {
      const vault = await openVault({ dataDir, secretStore: store, clock, backupCost: TEST_DESKTOP_KDF.backup });
      opened.push(vault);
      return vault;
    },
    cleanup() {
      for (const vault of opened) {
        try {
          vault.close();
        } catch {
          // already closed by the test
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const totpUri = (label: string, secret = SHORT_SECRET, extra = '') => `otpauth://totp/${label}?secret=${secret}${extra}`;
