import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationBatchesMissingError, OtpFormatError, type Vault } from '../../../src-main/vault';
import { migrationUri, type MigrationAccount } from './migration-fixtures';
import { NOW_MS, oathhotp, oathtotp, RFC_SECRET, SHORT_SECRET, vaultHarness, type VaultHarness } from './vault-fixtures';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const HOTP_SECRET = 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF';

let harness: VaultHarness;
let vault: Vault;
beforeEach(async () => {
  harness = vaultHarness();
  vault = await harness.open();
});
afterEach(() => harness.cleanup());

/** What the user sees of each account, in the vault's order. */
const summary = () => vault.list().map(({ kind, issuer, label, algorithm, digits, period, counter, group, pinned }) =>
  ({ kind, issuer, label, algorithm, digits, period, counter, group, pinned }));
const totpCode = (ref: string) => vault.code(vault.resolve(ref).id, NOW_MS).code;
const hotpCode = (ref: string) => vault.code(vault.resolve(ref).id, NOW_MS).code;

describe('Aegis plain JSON', () => {
  it('imports every kind with groups and favourites, codes equal to oathtool', async () => {
    const report = await vault.importText(fixture('aegis-plain.json'), { nowMs: NOW_MS });
    expect(report).toMatchObject({ source: 'Aegis export', skipped: 0 });
    expect(report.added).toHaveLength(4);
    expect(summary()).toEqual([
      { kind: 'totp', issuer: 'GitHub', label: 'alice@example.com', algorithm: 'SHA1', digits: 6, period: 30, counter: null, group: 'Work', pinned: true },
      { kind: 'totp', issuer: 'Cloud Console', label: 'bob', algorithm: 'SHA512', digits: 8, period: 60, counter: null, group: null, pinned: false },
      { kind: 'hotp', issuer: 'Bank', label: 'carol', algorithm: 'SHA256', digits: 7, period: 30, counter: 12, group: null, pinned: false },
      { kind: 'steam', issuer: 'Steam', label: 'gamer', algorithm: 'SHA1', digits: 5, period: 30, counter: null, group: null, pinned: false },
    ]);
    expect(totpCode('GitHub')).toBe(oathtotp(SHORT_SECRET, 'SHA1', 6, 30, NOW_MS));
    expect(totpCode('Cloud Console')).toBe(oathtotp(RFC_SECRET, 'SHA512', 8, 60, NOW_MS));
    // HOTP-SHA256 at counter c is TOTP-SHA256 with a 1 s step at c seconds (RFC 6238 §4): oathtool's HOTP is SHA1 only.
    expect(hotpCode('Bank')).toBe(oathtotp(HOTP_SECRET, 'SHA256', 7, 1, 12_000));
    expect(vault.get(vault.resolve('Bank').id).counter).toBe(13);
    expect(vault.codes(NOW_MS).find((code) => code.kind === 'steam')?.code).toMatch(/^[23456789BCDFGHJKMNPQRTVWXY]{5}$/);
  });

  it.each([
    [{ version: 1, header: { slots: [{}], params: {} }, db: 'c2VhbGVk' }, 'this Aegis export is encrypted: export it again from Aegis without encryption (Settings → Import & Export)'],
    [{ version: 1, header: {}, db: { version: 3, entries: [{ type: 'yandex', name: 'x', info: { secret: SHORT_SECRET } }] } }, 'Aegis export, entry 1: unsupported type "yandex" (totp, hotp or steam)'],
    [{ version: 1, header: {}, db: { version: 3, entries: [{ type: 'totp', name: 'x', info: { secret: SHORT_SECRET, algo: 'MD5' } }] } }, 'Aegis export, entry 1: unsupported algorithm "MD5" (SHA1, SHA256 or SHA512)'],
    [{ version: 1, header: {}, db: { version: 3, entries: [{ type: 'totp', name: 'x' }] } }, 'Aegis export, entry 1 info: expected an object'],
  ])('refuses %j', async (json, message) => {
    await expect(vault.importText(JSON.stringify(json), { nowMs: NOW_MS })).rejects.toThrow(new OtpFormatError(message));
    expect(vault.list()).toEqual([]);
  });
});

describe('2FAS plain backup', () => {
  it('imports services in 2FAS order with their groups, codes equal to oathtool', async () => {
    const report = await vault.importText(fixture('twofas-plain.2fas'), { nowMs: NOW_MS });
    expect(report).toMatchObject({ source: '2FAS backup', skipped: 0 });
    expect(summary()).toEqual([
      { kind: 'totp', issuer: 'Cloud Console', label: 'bob', algorithm: 'SHA256', digits: 8, period: 90, counter: null, group: null, pinned: false },
      { kind: 'totp', issuer: 'GitHub', label: 'alice@example.com', algorithm: 'SHA1', digits: 6, period: 30, counter: null, group: 'Work', pinned: false },
      { kind: 'hotp', issuer: 'Bank', label: 'carol', algorithm: 'SHA1', digits: 6, period: 30, counter: 3, group: null, pinned: false },
    ]);
    expect(totpCode('Cloud Console')).toBe(oathtotp(RFC_SECRET, 'SHA256', 8, 90, NOW_MS));
    expect(totpCode('GitHub')).toBe(oathtotp(SHORT_SECRET, 'SHA1', 6, 30, NOW_MS));
    expect(hotpCode('Bank')).toBe(oathhotp(HOTP_SECRET, 3));
  });

  it('refuses a password-protected 2FAS backup', async () => {
    const json = { services: [], servicesEncrypted: 'AAAA:BBBB:CCCC', schemaVersion: 4 };
    await expect(vault.importText(JSON.stringify(json), { nowMs: NOW_MS }))
      .rejects.toThrow(new OtpFormatError('this 2FAS backup is password-protected: export it again from 2FAS without a password'));
  });
});

describe('Google Authenticator migration URIs', () => {
  const alice: MigrationAccount = { secret: SHORT_SECRET, name: 'GitHub:alice', issuer: 'GitHub' };
  const bob: MigrationAccount = { secret: RFC_SECRET, name: 'bob@example.com', issuer: 'Cloud', algorithm: 3, digits: 2 };
  const carol: MigrationAccount = { secret: HOTP_SECRET, name: 'carol', issuer: '', type: 1, counter: 7 };

  it('imports one QR code with every kind, the issuer prefix taken off the name', async () => {
    const report = await vault.importText(migrationUri([alice, bob, carol]), { nowMs: NOW_MS });
    expect(report).toMatchObject({ source: 'Google Authenticator export', skipped: 0 });
    expect(summary()).toEqual([
      { kind: 'totp', issuer: 'GitHub', label: 'alice', algorithm: 'SHA1', digits: 6, period: 30, counter: null, group: null, pinned: false },
      { kind: 'totp', issuer: 'Cloud', label: 'bob@example.com', algorithm: 'SHA512', digits: 8, period: 30, counter: null, group: null, pinned: false },
      { kind: 'hotp', issuer: '', label: 'carol', algorithm: 'SHA1', digits: 6, period: 30, counter: 7, group: null, pinned: false },
    ]);
    expect(totpCode('GitHub')).toBe(oathtotp(SHORT_SECRET, 'SHA1', 6, 30, NOW_MS));
    expect(totpCode('Cloud')).toBe(oathtotp(RFC_SECRET, 'SHA512', 8, 30, NOW_MS));
    expect(hotpCode('carol')).toBe(oathhotp(HOTP_SECRET, 7));
  });

  it('joins a multi-batch export given in any order', async () => {
    const lines = [
      migrationUri([carol], { size: 3, index: 2, id: 42 }),
      migrationUri([alice], { size: 3, index: 0, id: 42 }),
      migrationUri([bob], { size: 3, index: 1, id: 42 }),
    ];
    await vault.importText(lines.join('\n'), { nowMs: NOW_MS });
    expect(vault.list().map((account) => account.label)).toEqual(['alice', 'bob@example.com', 'carol']);
  });

  it('reads a URI whose base64 "+" a scanner turned into a space as the original', async () => {
    // The first of these names whose payload has a "+" in its base64: deterministic, and checked below.
    const names = Array.from({ length: 64 }, (_, i) => `user~${'~'.repeat(i)}`);
    const original = names.map((name) => migrationUri([{ ...alice, name }])).find((uri) => uri.includes('%2B'))!;
    expect(original).toBeDefined();
    await vault.importText(original.replace(/%2B/g, ' '), { nowMs: NOW_MS });
    expect(totpCode('GitHub')).toBe(oathtotp(SHORT_SECRET, 'SHA1', 6, 30, NOW_MS));
  });

  it('refuses an export with a QR code missing, and keeps nothing', async () => {
    const lines = [migrationUri([alice], { size: 3, index: 0, id: 42 }), migrationUri([carol], { size: 3, index: 2, id: 42 })];
    const attempt = vault.importText(lines.join('\n'), { nowMs: NOW_MS });
    await expect(attempt).rejects.toThrow(MigrationBatchesMissingError);
    await expect(attempt).rejects.toMatchObject({
      message: 'the Google Authenticator export has 3 QR codes; missing: 2 of 3 (scan all of them and import them together)',
      batchId: 42, batchSize: 3, missing: [1],
    });
    expect(vault.list()).toEqual([]);
  });

  it.each([
    [migrationUri([{ ...alice, algorithm: 4 }]), 'line 1: Google Authenticator export, QR 1, account 1: MD5 accounts are not supported'],
    ['otpauth-migration://offline?data=CgMK', 'line 1: Google Authenticator export: damaged data (a field runs past the end)'],
    ['otpauth-migration://offline?foo=bar', 'line 1: not an otpauth-migration://offline?data=… URI'],
  ])('refuses %s', async (uri, message) => {
    await expect(vault.importText(uri, { nowMs: NOW_MS })).rejects.toThrow(new OtpFormatError(message));
  });
});
