import { withoutSecret, type AccountRow } from './account-repo';
import { describeAccount } from './account-ref';
import { ImportVerificationError } from './errors';
import type { AccountDraft } from './otp-params';
import { sealSeed } from './seed-cipher';
import type { Account, OtpParams } from './types';
import { codeAt, withSeed, type VaultCore } from './vault-core';

/** 64 random bits: ids are typed (`tessera otp code 3f9a…`), yet never collide within one vault. */
const ACCOUNT_ID_BYTES = 8;

/** Same secret, kind, parameters and names: importing it again would only duplicate the account. */
function sameAccount(params: OtpParams & { issuer: string; label: string }, seed: Uint8Array) {
  const { kind, algorithm, digits, period, issuer, label } = params;
  return JSON.stringify([kind, algorithm, digits, period, issuer, label, Buffer.from(seed).toString('hex')]);
}

/**
 * Stores drafts in one transaction, then reads every new row back, opens its sealed seed and checks
 * that it gives `expected[i]` at `atMs` (the source's codes: a backup's recorded ones, else the
 * drafts' own). Any mismatch or failure rolls everything back: all or nothing, and success is only
 * reported for accounts that provably produce the source's codes.
 */
export function storeVerified(core: VaultCore, drafts: AccountDraft[], atMs: number, expected?: string[]): { added: Account[]; skipped: number } {
  const codes = expected ?? drafts.map((draft) => codeAt(draft.secret, draft, atMs));
  const known = new Set(core.repo.all().map((row) => withSeed(core, row, (seed) => sameAccount(row, seed))));
  const ordered = drafts.map((draft, index) => ({ draft, code: codes[index]!, index }))
    .sort((a, b) => (a.draft.position ?? a.index) - (b.draft.position ?? b.index) || a.index - b.index);
  return core.db.transaction(() => {
    const inserted: Array<{ row: AccountRow; code: string }> = [];
    let sortOrder = core.repo.nextSortOrder();
    let skipped = 0;
    for (const { draft, code } of ordered) {
      const identity = sameAccount(draft, draft.secret);
      if (known.has(identity)) {
        skipped += 1;
        continue;
      }
      known.add(identity);
      const id = core.random(ACCOUNT_ID_BYTES).toString('hex');
      const { kind, issuer, label, algorithm, digits, period, counter, appearance } = draft;
      const row: AccountRow = {
        id, kind, issuer, label, algorithm, digits, period, counter,
        colour: appearance?.colour ?? null, icon: appearance?.icon ?? null, group: appearance?.group ?? null,
        pinned: appearance?.pinned ?? false, sortOrder: sortOrder++, createdAt: new Date(core.clock.now()).toISOString(),
        sealedSecret: sealSeed(core.key, id, draft.secret, core.random),
      };
      core.repo.insert(row);
      inserted.push({ row, code });
    }
    for (const { row, code } of inserted) {
      const stored = core.repo.get(row.id);
      const actual = stored && withSeed(core, stored, (seed) => codeAt(seed, stored, atMs));
      if (actual !== code) {
        throw new ImportVerificationError(`nothing was imported: ${describeAccount(row)} did not reproduce the source's code after storing`);
      }
    }
    return { added: inserted.map(({ row }) => withoutSecret(core.repo.get(row.id)!)), skipped };
  })();
}
