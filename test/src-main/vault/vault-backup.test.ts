import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupError, ImportVerificationError, OtpFormatError, type Account, type Vault } from '../../../src-main/vault';
import { BACKUP_SCRYPT, openBackup, sealBackup, type BackupContents } from '../../../src-main/vault/backup';
import { NOW_MS, oathhotp, oathtotp, RFC_SECRET, SHORT_SECRET, totpUri, vaultHarness, type VaultHarness } from './vault-fixtures';

const PASSWORD = 'correct horse battery staple';
const HOTP_SECRET = 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF';
const STEAM_SECRET = '63BEDWCQZKTQWPESARIERL5DTTQFCJTK';
const LATER_MS = NOW_MS + 3 * 86_400_000 + 17_000;

/** A backup file's JSON, to be tampered with. */
interface Envelope {
  version: number;
  kdf: { n: number };
  cipher: { nonce?: string };
  ciphertext: string;
}

let source: VaultHarness;
let target: VaultHarness;
beforeEach(() => {
  source = vaultHarness();
  target = vaultHarness();
});
afterEach(() => {
  source.cleanup();
  target.cleanup();
});

/** Every kind and parameter the vault stores, plus names that need escaping in a URI. */
async function filledVault(): Promise<Vault> {
  const vault = await source.open();
  const work = vault.add(totpUri('GitHub:alice', SHORT_SECRET, '&issuer=GitHub'));
  vault.update(work.id, { group: 'Work', colour: '#336699', pinned: true });
  vault.add(totpUri('Cloud%3A%20Console:bob%20b', RFC_SECRET, '&algorithm=SHA512&digits=8&period=90'));
  vault.add(`otpauth://hotp/Bank:carol?secret=${HOTP_SECRET}&digits=7&counter=12`);
  vault.add(`otpauth://totp/Steam:gamer?secret=${STEAM_SECRET}&encoder=steam`);
  return vault;
}

const portable = (accounts: Account[]) => accounts.map(({ id: _id, createdAt: _createdAt, ...rest }) => rest);

function expectSameCodes(restored: Vault, original: Vault): void {
  for (const atMs of [NOW_MS, LATER_MS]) {
    expect(restored.codes(atMs).map(({ code }) => code)).toEqual(original.codes(atMs).map(({ code }) => code));
  }
  const hotp = restored.list().find((account) => account.kind === 'hotp')!;
  expect(restored.code(hotp.id, NOW_MS).code).toBe(oathhotp(HOTP_SECRET, 12, 7));
}

describe('encrypted backup', () => {
  it('is sealed at OWASP\'s scrypt cost (N=2^17, r=8, p=1) unless a test asks for less', async () => {
    const contents = { accounts: [], check: { at_ms: NOW_MS, codes: [] } };
    const file = JSON.parse(await sealBackup(contents, PASSWORD, randomBytes, new Date(NOW_MS).toISOString()));
    expect(file.kdf).toMatchObject({ name: 'scrypt', ...BACKUP_SCRYPT });
    expect(BACKUP_SCRYPT).toEqual({ n: 131072, r: 8, p: 1 });
    expect(await openBackup(file, PASSWORD)).toEqual(contents);
  });

  it('restores into a fresh vault (another keyring) with equal accounts and codes, verified against oathtool', async () => {
    const original = await filledVault();
    const file = await original.exportEncrypted(PASSWORD, NOW_MS);
    expect(file).not.toContain(SHORT_SECRET);
    // The harness's cheap test cost, recorded in the file (production's is checked below).
    expect(JSON.parse(file)).toMatchObject({ format: 'tessera-authenticator-backup', version: 1, kdf: { name: 'scrypt', n: 1024, r: 8, p: 1 } });

    const restored = await target.open();
    const report = await restored.importText(file, { nowMs: LATER_MS, password: PASSWORD });
    expect(report).toMatchObject({ source: 'Tessera backup', skipped: 0 });
    expect(portable(report.added)).toEqual(portable(original.list()));
    expect(portable(restored.list())).toEqual(portable(original.list()));
    expectSameCodes(restored, original);
    const github = restored.resolve('GitHub:alice');
    expect(restored.code(github.id, LATER_MS).code).toBe(oathtotp(SHORT_SECRET, 'SHA1', 6, 30, LATER_MS));

    const again = await restored.importText(file, { nowMs: LATER_MS, password: PASSWORD });
    expect(again).toEqual({ added: [], skipped: 4, source: 'Tessera backup' });
  });

  it('refuses a wrong or missing password and keeps nothing', async () => {
    const file = await (await filledVault()).exportEncrypted(PASSWORD, NOW_MS);
    const restored = await target.open();
    await expect(restored.importText(file, { nowMs: NOW_MS, password: 'not the password' }))
      .rejects.toThrow(new BackupError('wrong password, or the backup file is damaged'));
    await expect(restored.importText(file, { nowMs: NOW_MS }))
      .rejects.toThrow(new BackupError('this is an encrypted Tessera backup: its password is needed'));
    expect(restored.list()).toEqual([]);
  });

  it.each([
    ['a flipped ciphertext bit', (json: Envelope) => {
      const bytes = Buffer.from(json.ciphertext, 'base64');
      bytes[5]! ^= 1;
      json.ciphertext = bytes.toString('base64');
    }, 'wrong password, or the backup file is damaged'],
    ['a lowered scrypt cost', (json: Envelope) => void (json.kdf.n = 2 ** 14), 'wrong password, or the backup file is damaged'],
    ['an unbounded scrypt cost', (json: Envelope) => void (json.kdf.n = 2 ** 30), 'the backup names key-derivation parameters this version does not accept'],
    ['a future version', (json: Envelope) => void (json.version = 2), 'backup version 2 is not supported (this Tessera reads version 1)'],
    ['a missing nonce', (json: Envelope) => void delete json.cipher.nonce, 'the backup file is damaged'],
  ])('refuses a backup with %s', async (_what, tamper, message) => {
    const json = JSON.parse(await (await filledVault()).exportEncrypted(PASSWORD, NOW_MS));
    tamper(json);
    const restored = await target.open();
    await expect(restored.importText(JSON.stringify(json), { nowMs: NOW_MS, password: PASSWORD })).rejects.toThrow(new BackupError(message));
    expect(restored.list()).toEqual([]);
  });

  it('keeps nothing when one restored account does not reproduce the recorded code', async () => {
    const good = { kind: 'totp', issuer: 'Good', label: 'one', secret: SHORT_SECRET, algorithm: 'SHA1', digits: 6, period: 30, counter: null,
      colour: null, icon: null, group: null, pinned: false } as const;
    const contents: BackupContents = {
      accounts: [good, { ...good, issuer: 'Bad', secret: RFC_SECRET }],
      check: { at_ms: NOW_MS, codes: [oathtotp(SHORT_SECRET, 'SHA1', 6, 30, NOW_MS), '000000'] },
    };
    const file = await sealBackup(contents, PASSWORD, randomBytes, new Date(NOW_MS).toISOString());
    const restored = await target.open();
    restored.add(totpUri('Existing:zed', RFC_SECRET));
    await expect(restored.importText(file, { nowMs: NOW_MS, password: PASSWORD })).rejects.toThrow(new ImportVerificationError(
      "nothing was imported: Bad: one did not reproduce the source's code after storing"));
    expect(restored.list().map((account) => account.issuer)).toEqual(['Existing']);
  });

  it('refuses a password shorter than 8 characters', async () => {
    await expect((await filledVault()).exportEncrypted('short', NOW_MS))
      .rejects.toThrow(new BackupError('the backup password must have at least 8 characters'));
  });
});

describe('plain otpauth export', () => {
  it('round-trips every account through one URI per line', async () => {
    const original = await filledVault();
    const text = original.exportPlain();
    expect(text.split('\n')).toHaveLength(5);
    expect(text).toContain(`otpauth://totp/GitHub:alice?secret=${SHORT_SECRET}&issuer=GitHub&algorithm=SHA1&digits=6&period=30\n`);
    const restored = await target.open();
    const report = await restored.importText(`# exported by Tessera\n\n${text}`, { nowMs: NOW_MS });
    expect(report).toMatchObject({ source: 'otpauth list', skipped: 0 });
    // Appearance (group, colour, pin) is not part of an otpauth URI: only names, parameters and codes travel.
    const withoutLooks = (accounts: Account[]) => portable(accounts).map(({ colour: _c, group: _g, pinned: _p, sortOrder: _s, ...rest }) => rest);
    expect(withoutLooks(restored.list())).toEqual(withoutLooks(original.list()));
    expectSameCodes(restored, original);
  });

  it('names the line of a bad URI and keeps nothing', async () => {
    const restored = await target.open();
    const text = `${totpUri('Good:one')}\nhttps://example.com\n`;
    await expect(restored.importText(text, { nowMs: NOW_MS }))
      .rejects.toThrow(new OtpFormatError('line 2: expected an otpauth:// or otpauth-migration:// URI'));
    await expect(restored.importText('\n# nothing\n', { nowMs: NOW_MS })).rejects.toThrow(new OtpFormatError('no accounts found'));
    expect(restored.list()).toEqual([]);
  });
});
