import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ManualAccountInput } from '../../../src-main/ipc/contract';
import { base32Encode } from '../../../src-main/vault/base32';
import { fixedClock } from '../../helpers/clock';
import { startDesktop, valueOf } from './desktop-fixture';

// 2026-11-23T12:00:00Z: codes are computed at a pinned instant so oathtool can be asked for the same one.
const NOW_MS = Date.UTC(2026, 10, 23, 12, 0, 0);
const clock = { now: () => NOW_MS };
const SECRET = 'JBSWY3DPEHPK3PXP';
const URI = `otpauth://totp/Example:ada@example.com?secret=${SECRET}&issuer=Example`;
const SHA256_URI = 'otpauth://totp/Bank:ada?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bank&algorithm=SHA256&digits=8&period=60';

function oathtool(secret: string, options: { algorithm?: string; digits?: number; period?: number; atMs?: number } = {}): string {
  const at = Math.floor((options.atMs ?? NOW_MS) / 1000);
  const args = [`--totp=${options.algorithm ?? 'SHA1'}`, '-b', '-d', String(options.digits ?? 6), '-s', `${options.period ?? 30}s`, '-N', `@${at}`, secret];
  return execFileSync('oathtool', args, { encoding: 'utf8' }).trim();
}

/** A PNG signature and IHDR announcing a decompression bomb; nothing after it. */
function hugePngHeader(): Uint8Array {
  const bytes = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).copy(bytes);
  bytes.writeUInt32BE(100_000, 16);
  bytes.writeUInt32BE(100_000, 20);
  return new Uint8Array(bytes);
}

/** Any Steam Guard code: five characters of Steam's alphabet. */
const STEAM_CODE = expect.stringMatching(/^[23456789BCDFGHJKMNPQRTVWXY]{5}$/) as unknown as string;

const MANUAL: ManualAccountInput = { issuer: 'Manual Co', label: 'ada', secret: 'jbsw y3dp ehpk 3pxp', kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30 };

afterEach(() => void vi.useRealTimers());

describe('vault channels', () => {
  it('adds an account by URI and computes codes in main that match oathtool', async () => {
    const { desktop } = await startDesktop({ clock });
    const added = valueOf(await desktop.handlers['vault:addUri'](URI));
    expect(added).toEqual({ added: [expect.objectContaining({ issuer: 'Example', label: 'ada@example.com', kind: 'totp' })], skipped: 0, source: 'otpauth list' });
    valueOf(await desktop.handlers['vault:addUri'](SHA256_URI));
    const codes = valueOf(await desktop.handlers['vault:codes']());
    expect(codes).toEqual([
      { id: expect.any(String), kind: 'totp', code: oathtool(SECRET), next: oathtool(SECRET, { atMs: NOW_MS + 30_000 }), secondsLeft: 30, period: 30 },
      {
        id: expect.any(String), kind: 'totp', secondsLeft: 60, period: 60,
        code: oathtool('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', { algorithm: 'SHA256', digits: 8, period: 60 }),
        next: oathtool('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', { algorithm: 'SHA256', digits: 8, period: 60, atMs: NOW_MS + 60_000 }),
      },
    ]);
    expect(await desktop.handlers['vault:status']()).toEqual({ state: 'ready', accounts: 2, passcodeSet: false });
  });

  it('refuses text that is not an otpauth URI as invalid input', async () => {
    const { desktop } = await startDesktop({ clock });
    expect(await desktop.handlers['vault:addUri']('https://example.com/')).toEqual({
      ok: false, error: { kind: 'invalid_input', message: 'The QR code is not an authenticator (otpauth) code' },
    });
  });

  it('reads a QR code from PNG and JPEG bytes', async () => {
    const { desktop } = await startDesktop({ clock });
    const png = await QRCode.toBuffer(URI, { type: 'png', margin: 4, scale: 6 });
    const fromPng = valueOf(await desktop.handlers['vault:addQrImage'](new Uint8Array(png)));
    expect(fromPng.added.map((account) => account.issuer)).toEqual(['Example']);

    const { data, width, height } = PNG.sync.read(await QRCode.toBuffer(SHA256_URI, { type: 'png', margin: 4, scale: 6 }));
    const jpg = jpeg.encode({ data, width, height }, 95).data;
    const fromJpeg = valueOf(await desktop.handlers['vault:addQrImage'](new Uint8Array(jpg)));
    expect(fromJpeg.added.map((account) => account.issuer)).toEqual(['Bank']);
  });

  it.each([
    ['bytes that are no image', new Uint8Array([1, 2, 3, 4]), 'Only PNG and JPEG images can be read'],
    ['an image without a QR code', new Uint8Array(PNG.sync.write(Object.assign(new PNG({ width: 20, height: 20 }), {}))), 'No QR code was found in the image'],
    ['a PNG whose header claims 100000×100000 pixels', hugePngHeader(), 'The image is too large'],
  ])('refuses %s', async (_name, bytes, message) => {
    const { desktop } = await startDesktop({ clock });
    expect(await desktop.handlers['vault:addQrImage'](bytes)).toEqual({ ok: false, error: { kind: 'invalid_input', message } });
  });

  it('adds the QR code held by the clipboard and the ones on the screens', async () => {
    const { desktop, adapters } = await startDesktop({ clock });
    adapters.clipboardImage = new Uint8Array(await QRCode.toBuffer(URI, { type: 'png' }));
    expect(valueOf(await desktop.handlers['vault:addQrClipboard']()).added).toHaveLength(1);
    adapters.screens = [new Uint8Array(await QRCode.toBuffer('https://not-otp.example/', { type: 'png' })), new Uint8Array(await QRCode.toBuffer(SHA256_URI, { type: 'png' }))];
    expect(valueOf(await desktop.handlers['vault:addQrScreen']()).added.map((account) => account.issuer)).toEqual(['Bank']);
    adapters.clipboardImage = null;
    expect(await desktop.handlers['vault:addQrClipboard']()).toEqual({ ok: false, error: { kind: 'invalid_input', message: 'The clipboard holds no image' } });
  });

  it('previews manual entry live and adds it (10-byte secret, spaces and lower case)', async () => {
    const { desktop } = await startDesktop({ clock });
    expect(await desktop.handlers['vault:previewManual'](MANUAL)).toEqual({ valid: true, code: oathtool(SECRET), secondsLeft: 30 });
    expect(await desktop.handlers['vault:previewManual']({ ...MANUAL, secret: 'JBSWY3DP' })).toEqual({ valid: false, message: 'The secret key is too short (5 bytes; at least 10)' });
    expect(await desktop.handlers['vault:previewManual']({ ...MANUAL, secret: 'JBSWY3DPEHPK3PX1' })).toEqual({ valid: false, message: 'The secret key may only hold letters A–Z and digits 2–7' });
    const account = valueOf(await desktop.handlers['vault:addManual'](MANUAL));
    expect(account).toMatchObject({ issuer: 'Manual Co', label: 'ada', kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30 });
    expect(valueOf(await desktop.handlers['vault:codes']())).toEqual([{ id: account.id, kind: 'totp', code: oathtool(SECRET), next: oathtool(SECRET, { atMs: NOW_MS + 30_000 }), secondsLeft: 30, period: 30 }]);
  });

  // The Steam Guard vectors of test/src-main/vault/otp-code.test.ts (KeePassXC's testSteamTotp).
  it.each([
    ['63BEDWCQZKTQWPESARIERL5DTTQFCJTK', 1_511_200_518_000, 'FR8RV', 12, STEAM_CODE],
    ['63BEDWCQZKTQWPESARIERL5DTTQFCJTK', 1_511_200_714_000, '9P3VP', 26, STEAM_CODE],
    // The vector 30 s on is the next code of the one before it.
    [base32Encode(Buffer.alloc(20)), 0, 'RYH4D', 30, 'DR2DK'],
    [base32Encode(Buffer.alloc(20)), 30_000, 'DR2DK', 30, STEAM_CODE],
  ])('previews Steam Guard %s at %i ms as %s, the code the added account shows', async (secret, atMs, code, secondsLeft, next) => {
    const { desktop } = await startDesktop({ clock: fixedClock(atMs) });
    // The form's digits and period do not matter: Steam is 5 characters every 30 s.
    const steam: ManualAccountInput = { issuer: 'Steam', label: 'gamer', secret: secret.toLowerCase(), kind: 'steam', algorithm: 'SHA1', digits: 6, period: 30 };
    expect(await desktop.handlers['vault:previewManual'](steam)).toEqual({ valid: true, code, secondsLeft });
    expect(await desktop.handlers['vault:previewManual']({ ...steam, digits: 8, period: 60 })).toEqual({ valid: true, code, secondsLeft });
    const account = valueOf(await desktop.handlers['vault:addManual'](steam));
    expect(account).toMatchObject({ kind: 'steam', digits: 5, period: 30 });
    expect(valueOf(await desktop.handlers['vault:codes']())).toEqual([{ id: account.id, kind: 'steam', code, next, secondsLeft, period: 30 }]);
  });

  it('previews a TOTP entry for the issuer "Steam" as the Steam account it becomes', async () => {
    const { desktop } = await startDesktop({ clock: fixedClock(1_511_200_518_000) });
    const typed: ManualAccountInput = { issuer: 'Steam', label: 'gamer', secret: '63BEDWCQZKTQWPESARIERL5DTTQFCJTK', kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30 };
    expect(await desktop.handlers['vault:previewManual'](typed)).toEqual({ valid: true, code: 'FR8RV', secondsLeft: 12 });
    expect(valueOf(await desktop.handlers['vault:addManual'](typed))).toMatchObject({ kind: 'steam', digits: 5 });
  });

  it('hands out HOTP codes one by one from a manual entry', async () => {
    const { desktop } = await startDesktop({ clock });
    const hotp: ManualAccountInput = { ...MANUAL, kind: 'hotp', counter: 1 };
    expect(await desktop.handlers['vault:previewManual'](hotp)).toEqual({ valid: true, code: execFileSync('oathtool', ['-b', '-c', '1', SECRET], { encoding: 'utf8' }).trim(), secondsLeft: null });
    const account = valueOf(await desktop.handlers['vault:addManual'](hotp));
    const first = valueOf(await desktop.handlers['vault:nextHotp'](account.id));
    const second = valueOf(await desktop.handlers['vault:nextHotp'](account.id));
    expect([first, second]).toEqual([1, 2].map((counter) => ({
      id: account.id, kind: 'hotp', counter, code: execFileSync('oathtool', ['-b', '-c', String(counter), SECRET], { encoding: 'utf8' }).trim(),
    })));
  });

  it('Copy copies the HOTP code on show without advancing; with none on show it takes the next one, once', async () => {
    const { desktop, adapters } = await startDesktop({ clock });
    valueOf(await desktop.handlers['settings:update']({ clipboardClearSeconds: 10 }));
    const account = valueOf(await desktop.handlers['vault:addManual']({ ...MANUAL, kind: 'hotp', counter: 0 }));
    const view = (counter: number) => ({
      id: account.id, kind: 'hotp', counter, code: execFileSync('oathtool', ['-b', '-c', String(counter), SECRET], { encoding: 'utf8' }).trim(),
    });
    const storedCounter = async () => valueOf(await desktop.handlers['vault:list']()).find((found) => found.id === account.id)?.counter;

    expect(await desktop.handlers['vault:copyCode'](account.id)).toEqual({ ok: true, value: { clearsAfterSeconds: 10, hotp: view(0) } });
    expect(await desktop.handlers['vault:copyCode'](account.id)).toEqual({ ok: true, value: { clearsAfterSeconds: 10, hotp: view(0) } });
    expect([adapters.clipboardText, await storedCounter()]).toEqual([view(0).code, 1]);

    expect(valueOf(await desktop.handlers['vault:nextHotp'](account.id))).toEqual(view(1));
    expect(await desktop.handlers['vault:copyCode'](account.id)).toEqual({ ok: true, value: { clearsAfterSeconds: 10, hotp: view(1) } });
    expect([adapters.clipboardText, await storedCounter()]).toEqual([view(1).code, 2]);
  });

  it('copies a code and clears the clipboard after the setting, only if it still holds the code', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { desktop, adapters } = await startDesktop({ clock });
    valueOf(await desktop.handlers['settings:update']({ clipboardClearSeconds: 10 }));
    const [account] = valueOf(await desktop.handlers['vault:addUri'](URI)).added;
    expect(await desktop.handlers['vault:copyCode'](account!.id)).toEqual({ ok: true, value: { clearsAfterSeconds: 10 } });
    expect(adapters.clipboardText).toBe(oathtool(SECRET));
    vi.advanceTimersByTime(9_999);
    expect(adapters.clipboardText).toBe(oathtool(SECRET));
    vi.advanceTimersByTime(1);
    expect(adapters.clipboardText).toBe('');

    valueOf(await desktop.handlers['vault:copyCode'](account!.id));
    adapters.clipboardText = 'something the user copied later';
    vi.advanceTimersByTime(10_000);
    expect(adapters.clipboardText).toBe('something the user copied later');
  });

  it('answers keyring_unavailable with the keyring name when the keychain is locked, never "no accounts"', async () => {
    const first = await startDesktop({ clock });
    valueOf(await first.desktop.handlers['vault:addUri'](URI));
    first.secretStore.locked = true;
    const { desktop } = await first.restart();
    const status = await desktop.handlers['vault:status']();
    expect(status).toEqual({ state: 'keyring_unavailable', keyring: 'test keyring', message: expect.stringContaining('test keyring') });
    expect(await desktop.handlers['vault:list']()).toEqual({ ok: false, error: { kind: 'keyring_unavailable', keyring: 'test keyring', message: expect.stringContaining('locked') } });
    first.secretStore.locked = false;
    expect(valueOf(await desktop.handlers['vault:list']())).toHaveLength(1);
  });

  it('exports encrypted and plain through the save dialog (0600) and imports them back', async () => {
    const first = await startDesktop({ clock });
    const { desktop, adapters, dataDir } = first;
    valueOf(await desktop.handlers['vault:addUri'](URI));
    adapters.savePath = join(dataDir, 'backup.json');
    expect(valueOf(await desktop.handlers['vault:exportEncrypted']('a long backup password'))).toEqual({ saved: true, path: adapters.savePath, accounts: 1 });
    expect(statSync(adapters.savePath).mode & 0o777).toBe(0o600);
    adapters.savePath = join(dataDir, 'plain.txt');
    valueOf(await desktop.handlers['vault:exportPlain']());
    expect(readFileSync(adapters.savePath, 'utf8')).toMatch(new RegExp(`^otpauth://totp/Example:ada%40example\\.com\\?secret=${SECRET}`));
    adapters.savePath = null;
    expect(valueOf(await desktop.handlers['vault:exportPlain']())).toEqual({ saved: false });

    valueOf(await desktop.handlers['vault:remove'](valueOf(await desktop.handlers['vault:list']())[0]!.id));
    adapters.openPath = join(dataDir, 'backup.json');
    expect(await desktop.handlers['vault:importFile']('wrong password!!')).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect(valueOf(await desktop.handlers['vault:importFile']('a long backup password'))).toMatchObject({ skipped: 0, source: 'Tessera backup', added: [{ issuer: 'Example' }] });
    adapters.openPath = null;
    expect(await desktop.handlers['vault:importFile'](null)).toEqual({ ok: true, value: null });
    writeFileSync(join(dataDir, 'list.txt'), `${SHA256_URI}\n`);
    expect(valueOf(await desktop.handlers['vault:importText'](readFileSync(join(dataDir, 'list.txt'), 'utf8'), null)).added).toHaveLength(1);
  });

  it('updates, reorders and removes accounts; unknown ids are not_found', async () => {
    const { desktop } = await startDesktop({ clock });
    const [a] = valueOf(await desktop.handlers['vault:addUri'](URI)).added;
    const [b] = valueOf(await desktop.handlers['vault:addUri'](SHA256_URI)).added;
    expect(valueOf(await desktop.handlers['vault:update'](a!.id, { label: 'ada (work)', group: 'Work' }))).toMatchObject({ label: 'ada (work)', group: 'Work' });
    valueOf(await desktop.handlers['vault:reorder']([b!.id, a!.id]));
    expect(valueOf(await desktop.handlers['vault:list']()).map((account) => account.id)).toEqual([b!.id, a!.id]);
    valueOf(await desktop.handlers['vault:remove'](b!.id));
    expect(await desktop.handlers['vault:remove'](b!.id)).toEqual({ ok: false, error: { kind: 'not_found', message: `no account with id ${b!.id}` } });
  });
});
