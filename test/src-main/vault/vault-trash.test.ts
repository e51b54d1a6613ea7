import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountNotFoundError, TRASH_RETENTION_DAYS } from '../../../src-main/vault';
import { NOW_MS, oathhotp, oathtotp, RFC_SECRET, SHORT_SECRET, totpUri, vaultHarness, type VaultHarness } from './vault-fixtures';

const DAY_MS = 24 * 60 * 60 * 1000;
const THIRD_SECRET = `${RFC_SECRET.slice(0, 31)}A`;

let harness: VaultHarness;
beforeEach(() => {
  harness = vaultHarness();
});
afterEach(() => harness.cleanup());

/** Every file of the data folder as latin1 text: a seed stored in plain would show in one of them. */
function folderText(dir: string): string {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name)).toString('latin1'))
    .join('\n');
}

describe('the trash', () => {
  it('hides a removed account from the list, codes, lookups and changes, and lists it with its purge date', async () => {
    const vault = await harness.open();
    const alice = vault.add(totpUri('GitHub:alice', SHORT_SECRET, '&issuer=GitHub'));
    const bob = vault.add(totpUri('Bank:bob', RFC_SECRET, '&issuer=Bank'));
    harness.clock.advance(60_000);
    vault.remove(alice.id);

    expect(vault.list().map((account) => account.id)).toEqual([bob.id]);
    expect(vault.codes(NOW_MS).map((code) => code.id)).toEqual([bob.id]);
    const gone = new AccountNotFoundError(`no account with id ${alice.id}`);
    expect(() => vault.get(alice.id)).toThrow(gone);
    expect(() => vault.code(alice.id, NOW_MS)).toThrow(gone);
    expect(() => vault.update(alice.id, { label: 'x' })).toThrow(gone);
    expect(() => vault.recordUse(alice.id)).toThrow(gone);
    expect(() => vault.remove(alice.id)).toThrow(gone);
    expect(() => vault.resolve('alice')).toThrow(AccountNotFoundError);
    const removedAt = new Date(NOW_MS + 60_000).toISOString();
    expect(vault.trash()).toEqual([{
      id: alice.id, issuer: 'GitHub', label: 'alice', removedAt, purgeAt: new Date(NOW_MS + 60_000 + TRASH_RETENTION_DAYS * DAY_MS).toISOString(),
    }]);
  });

  it('restores an account to its old position with its counter, and refuses one not in the trash', async () => {
    const vault = await harness.open();
    const a = vault.add(totpUri('A:one'));
    const b = vault.add(`otpauth://hotp/B:two?secret=${RFC_SECRET}&counter=7`);
    const c = vault.add(totpUri('C:three', THIRD_SECRET));
    vault.remove(b.id);
    expect(vault.list().map((account) => account.label)).toEqual(['one', 'three']);

    const restored = vault.restore(b.id);
    expect(restored).toEqual({ ...b, sortOrder: 1 });
    expect(vault.list().map((account) => account.label)).toEqual(['one', 'two', 'three']);
    expect(vault.trash()).toEqual([]);
    expect(vault.code(b.id, NOW_MS)).toEqual({ id: b.id, kind: 'hotp', counter: 7, code: oathhotp(RFC_SECRET, 7) });
    expect(() => vault.restore(b.id)).toThrow(new AccountNotFoundError(`no account with id ${b.id} in the trash`));
    expect(() => vault.restore(c.id)).toThrow(AccountNotFoundError);
    expect(a.sortOrder).toBe(0);
  });

  it('comes back where it was after the others were reordered', async () => {
    const vault = await harness.open();
    const [a, b, c] = [totpUri('A:one'), totpUri('B:two', RFC_SECRET), totpUri('C:three', THIRD_SECRET)].map((uri) => vault.add(uri));
    vault.remove(a!.id);
    vault.reorder([c!.id, b!.id]);
    vault.restore(a!.id);
    expect(vault.list().map((account) => account.label)).toEqual(['one', 'three', 'two']);
  });

  it('purges one account at once, and refuses to purge an account that is not in the trash', async () => {
    const vault = await harness.open();
    const alice = vault.add(totpUri('GitHub:alice'));
    const bob = vault.add(totpUri('Bank:bob', RFC_SECRET));
    expect(() => vault.purge(bob.id)).toThrow(new AccountNotFoundError(`no account with id ${bob.id} in the trash`));
    vault.remove(alice.id);
    vault.purge(alice.id);
    expect(vault.trash()).toEqual([]);
    expect(() => vault.restore(alice.id)).toThrow(AccountNotFoundError);
    expect(vault.list().map((account) => account.id)).toEqual([bob.id]);
  });

  it(`keeps a removed account ${TRASH_RETENTION_DAYS} days, then purges it on the next list or open`, async () => {
    const vault = await harness.open();
    const alice = vault.add(totpUri('GitHub:alice'));
    const bob = vault.add(totpUri('Bank:bob', RFC_SECRET));
    vault.remove(alice.id);
    harness.clock.advance(DAY_MS);
    vault.remove(bob.id);

    harness.clock.advance((TRASH_RETENTION_DAYS - 1) * DAY_MS - 1);
    expect(vault.trash().map((entry) => entry.id)).toEqual([bob.id, alice.id]);
    harness.clock.advance(1);
    vault.list();
    expect(vault.trash().map((entry) => entry.id)).toEqual([bob.id]);
    vault.close();

    harness.clock.advance(DAY_MS);
    const reopened = await harness.open();
    // The purge ran on open: the rows are gone from the database, not just from the listing.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path.join(harness.dataDir, 'authenticator.sqlite'), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) FROM accounts').pluck().get()).toBe(0);
    db.close();
    expect(reopened.trash()).toEqual([]);
  });

  it('keeps a trashed seed sealed on disk and out of plain and encrypted exports', async () => {
    const vault = await harness.open();
    const alice = vault.add(totpUri('GitHub:alice', SHORT_SECRET, '&issuer=GitHub'));
    vault.add(totpUri('Bank:bob', RFC_SECRET, '&issuer=Bank'));
    vault.remove(alice.id);
    expect(folderText(harness.dataDir)).not.toContain(SHORT_SECRET);
    expect(folderText(harness.dataDir)).not.toContain('Hello!');
    expect(vault.exportPlain()).toBe(`otpauth://totp/Bank:bob?secret=${RFC_SECRET}&issuer=Bank&algorithm=SHA1&digits=6&period=30\n`);
    // A restored backup holds only what was listed.
    const backup = await vault.exportEncrypted('a long password', NOW_MS);
    const other = vaultHarness();
    try {
      const restored = await other.open();
      const report = await restored.importText(backup, { nowMs: NOW_MS, password: 'a long password' });
      expect(report.added.map((account) => account.label)).toEqual(['bob']);
    } finally {
      other.cleanup();
    }
    // Restored from the trash, its code is the one oathtool gives: the sealed seed was kept intact.
    vault.restore(alice.id);
    expect(vault.code(alice.id, NOW_MS)).toMatchObject({ code: oathtotp(SHORT_SECRET, 'SHA1', 6, 30, NOW_MS) });
  });
});

describe('use counts', () => {
  it('counts each recorded use with its time, for "most used" sorting', async () => {
    const vault = await harness.open();
    const alice = vault.add(totpUri('GitHub:alice'));
    expect(vault.get(alice.id)).toMatchObject({ useCount: 0, lastUsedAt: null });
    vault.recordUse(alice.id);
    harness.clock.advance(5_000);
    vault.recordUse(alice.id);
    expect(vault.get(alice.id)).toMatchObject({ useCount: 2, lastUsedAt: new Date(NOW_MS + 5_000).toISOString() });
    expect(() => vault.recordUse('feedfeedfeedfeed')).toThrow(AccountNotFoundError);
  });
});
