import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountNotFoundError, VAULT_DB_FILE, VAULT_KEY_ACCOUNT, VAULT_KEY_SERVICE, VaultError, VaultKeyMismatchError } from '../../../src-main/vault';
import { NOW_MS, oathhotp, oathtotp, RFC_SECRET, SHORT_SECRET, totpUri, vaultHarness, type VaultHarness } from './vault-fixtures';

let harness: VaultHarness;
beforeEach(() => {
  harness = vaultHarness();
});
afterEach(() => harness.cleanup());

const WORKER = path.join(import.meta.dirname, 'hotp-worker.ts');
const run = promisify(execFile);

describe('accounts', () => {
  it('adds an account and lists it without its secret, with codes equal to oathtool', async () => {
    const vault = await harness.open();
    const added = vault.add(totpUri('GitHub:alice', SHORT_SECRET, '&issuer=GitHub&algorithm=SHA256&digits=8&period=60'));
    expect(added).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{16}$/), kind: 'totp', issuer: 'GitHub', label: 'alice', algorithm: 'SHA256', digits: 8,
      period: 60, counter: null, colour: null, icon: null, group: null, pinned: false, sortOrder: 0, createdAt: new Date(NOW_MS).toISOString(),
      useCount: 0, lastUsedAt: null,
    });
    expect(vault.list()).toEqual([added]);
    expect(JSON.stringify(vault.list())).not.toContain(SHORT_SECRET);
    expect(vault.code(added.id, NOW_MS)).toEqual({
      id: added.id, kind: 'totp', period: 60, secondsLeft: 60, code: oathtotp(SHORT_SECRET, 'SHA256', 8, 60, NOW_MS),
      next: oathtotp(SHORT_SECRET, 'SHA256', 8, 60, NOW_MS + 60_000),
    });
    expect(vault.codes(NOW_MS + 61_000)).toEqual([{
      id: added.id, kind: 'totp', period: 60, secondsLeft: 59, code: oathtotp(SHORT_SECRET, 'SHA256', 8, 60, NOW_MS + 61_000),
      next: oathtotp(SHORT_SECRET, 'SHA256', 8, 60, NOW_MS + 121_000),
    }]);
  });

  it('refuses the same account twice and keeps one', async () => {
    const vault = await harness.open();
    vault.add(totpUri('GitHub:alice'));
    expect(() => vault.add(totpUri('GitHub:alice'))).toThrow(new VaultError('GitHub: alice is already in the vault'));
    expect(vault.list()).toHaveLength(1);
  });

  it('updates names and appearance, and refuses unknown ids', async () => {
    const vault = await harness.open();
    const { id } = vault.add(totpUri('GitHub:alice'));
    const updated = vault.update(id, { label: 'alice@work', colour: '#123456', group: 'Work', pinned: true });
    expect(updated).toMatchObject({ id, issuer: 'GitHub', label: 'alice@work', colour: '#123456', group: 'Work', pinned: true });
    expect(vault.get(id)).toEqual(updated);
    expect(vault.update(id, {})).toEqual(updated);
    expect(() => vault.update('feedfeedfeedfeed', { label: 'x' })).toThrow(new AccountNotFoundError('no account with id feedfeedfeedfeed'));
    expect(() => vault.get('feedfeedfeedfeed')).toThrow(AccountNotFoundError);
  });

  it('reorders (pinned first), and an unknown id leaves the order untouched', async () => {
    const vault = await harness.open();
    const [a, b, c] = ['A:one', 'B:two', 'C:three'].map((label, i) => vault.add(totpUri(label, i === 0 ? SHORT_SECRET : `${RFC_SECRET.slice(0, 30)}${'AB'[i - 1]}A`)));
    const labels = () => vault.list().map((account) => account.label);
    expect(labels()).toEqual(['one', 'two', 'three']);
    vault.reorder([c!.id, a!.id]);
    expect(labels()).toEqual(['three', 'one', 'two']);
    vault.update(b!.id, { pinned: true });
    expect(labels()).toEqual(['two', 'three', 'one']);
    expect(() => vault.reorder([a!.id, 'feedfeedfeedfeed'])).toThrow(AccountNotFoundError);
    expect(labels()).toEqual(['two', 'three', 'one']);
  });

  it('removes, and refuses to remove twice', async () => {
    const vault = await harness.open();
    const { id } = vault.add(totpUri('GitHub:alice'));
    vault.remove(id);
    expect(vault.list()).toEqual([]);
    expect(() => vault.remove(id)).toThrow(new AccountNotFoundError(`no account with id ${id}`));
  });

  it('resolves ids, id prefixes, issuer:label, labels and issuers, and names ambiguity', async () => {
    const vault = await harness.open();
    const alice = vault.add(totpUri('GitHub:alice'));
    const bob = vault.add(totpUri('GitHub:bob', RFC_SECRET));
    const solo = vault.add(totpUri('Solo:carol', `${RFC_SECRET.slice(0, 31)}A`));
    expect(vault.resolve(alice.id)).toEqual(alice);
    expect(vault.resolve(bob.id.slice(0, 6))).toEqual(bob);
    expect(vault.resolve('github:BOB')).toEqual(bob);
    expect(vault.resolve(' alice ')).toEqual(alice);
    expect(vault.resolve('solo')).toEqual(solo);
    expect(() => vault.resolve('github')).toThrow(new AccountNotFoundError(
      `"github" matches several accounts: ${alice.id} (GitHub: alice), ${bob.id} (GitHub: bob); name one by its id`));
    expect(() => vault.resolve('nobody')).toThrow(new AccountNotFoundError('no account matches "nobody"'));
  });
});

describe('HOTP counters', () => {
  it('hands out consecutive codes equal to oathtool and keeps the counter across a reopen', async () => {
    let vault = await harness.open();
    const { id } = vault.add(`otpauth://hotp/Bank:me?secret=${SHORT_SECRET}&counter=5`);
    expect(vault.code(id, NOW_MS)).toEqual({ id, kind: 'hotp', counter: 5, code: oathhotp(SHORT_SECRET, 5) });
    expect(vault.code(id, NOW_MS)).toEqual({ id, kind: 'hotp', counter: 6, code: oathhotp(SHORT_SECRET, 6) });
    expect(vault.codes(NOW_MS)).toEqual([]);
    vault.close();
    vault = await harness.open();
    expect(vault.get(id).counter).toBe(7);
    expect(vault.code(id, NOW_MS)).toMatchObject({ counter: 7, code: oathhotp(SHORT_SECRET, 7) });
  });

  it('does not advance the counter when the code cannot be computed', async () => {
    const vault = await harness.open();
    const { id } = vault.add(`otpauth://hotp/Bank:me?secret=${SHORT_SECRET}&counter=3`);
    const db = new Database(path.join(harness.dataDir, VAULT_DB_FILE));
    db.prepare('UPDATE accounts SET sealed_secret = zeroblob(48) WHERE id = ?').run(id);
    db.close();
    expect(() => vault.code(id, NOW_MS)).toThrow(VaultKeyMismatchError);
    expect(vault.get(id).counter).toBe(3);
  });

  it('never hands out one counter twice to processes sharing the vault', async () => {
    const vault = await harness.open();
    const { id } = vault.add(`otpauth://hotp/Bank:me?secret=${SHORT_SECRET}`);
    vault.close();
    const key = (await harness.store.get(VAULT_KEY_SERVICE, VAULT_KEY_ACCOUNT))!;
    const workers = Array.from({ length: 3 }, () =>
      run(process.execPath, ['--import', 'tsx', WORKER, harness.dataDir, key, id, '20'], { cwd: path.join(import.meta.dirname, '../../..') }));
    const counters = (await Promise.all(workers)).flatMap(({ stdout }) => JSON.parse(stdout) as number[]);
    expect(counters.sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect((await harness.open()).get(id).counter).toBe(60);
  });
});
