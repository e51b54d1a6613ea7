import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTHENTICATOR_ACCOUNT_QR, NO_PUSH_QR_ON_SCREEN, NOT_PUSH_QR, SEVERAL_PUSH_QR_ON_SCREEN } from '../../../src-main/desktop/push-qr';
import type { PushQrSource } from '../../../src-main/ipc/contract';
import { rows } from '../../helpers/db.js';
import { expectOk, loginForMfaToken, pollOob, pushTenant, startPushLogin, startPushTessera, type PushTenant, type PushTessera } from '../../helpers/push.js';
import { filesUnder, nextPending, startDesktop, valueOf, type DesktopFixture } from './desktop-fixture';
import { DECOY_URI, drawnSize, noisyScreenPng } from './screen-fixtures';

/**
 * push:enrollQr against a real Tessera over HTTP: the push enrollment QR code is read in main from a
 * picked image, the clipboard, the screens or a selected screen area, and enrolls exactly as push:enroll
 * does with its text. The barcode (an enrollment transaction or ticket) reaches nothing the page gets.
 */

const EMAIL = 'ada@example.com';
const DEVICE_NAME = 'Ada’s desktop';
const RECOVERY_CODE = /^[A-Z0-9]{24}$/;
const SCREEN = { width: 960, height: 600 };
const QR_SCALE = 4;
/** Where the push QR code is drawn on a captured screen (a decoy account code sits elsewhere on it). */
const AT = { x: 520, y: 100 };

let server: PushTessera;
let tenant: PushTenant;
beforeEach(async () => {
  server = await startPushTessera();
  tenant = await pushTenant(server, EMAIL);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server.close();
});

const qrPng = async (text: string) => new Uint8Array(await QRCode.toBuffer(text, { margin: 4, scale: 6 }));
const blankPng = () => new Uint8Array(PNG.sync.write(new PNG({ width: 64, height: 64, fill: true })));
const screenWith = (codes: { uri: string; x: number; y: number }[]) => noisyScreenPng(SCREEN.width, SCREEN.height, codes.map((code) => ({ ...code, scale: QR_SCALE })));

/** A login's /mfa/associate: the barcode_uri a page would show as a QR code, and the enrollment's own login. */
async function associate(): Promise<{ barcodeUri: string; txId: string; finish(): Promise<unknown> }> {
  const mfaToken = await loginForMfaToken(server, tenant.client, EMAIL);
  const association = expectOk(await server.call<{ barcode_uri: string; oob_code: string }>('POST', '/mfa/associate', {
    bearer: mfaToken, json: { authenticator_types: ['oob'], oob_channels: ['auth0'] },
  }));
  const txId = new URL(association.barcode_uri).searchParams.get('enrollment_tx_id') ?? '';
  expect(txId).not.toBe('');
  return { barcodeUri: association.barcode_uri, txId, finish: async () => expectOk(await pollOob(server, tenant.client, mfaToken, association.oob_code)) };
}

/** Puts the QR code where the source reads it (the fake adapters), and returns the source to ask for. */
async function offer(fixture: DesktopFixture, kind: PushQrSource['kind'], text: string): Promise<PushQrSource> {
  const { adapters } = fixture;
  if (kind === 'image') return { kind, bytes: await qrPng(text) };
  if (kind === 'clipboard') adapters.clipboardImage = await qrPng(text);
  // A second display with an authenticator account's code, which the scan passes over.
  if (kind === 'screen') adapters.screens = [await screenWith([{ uri: DECOY_URI, x: 40, y: 40 }]), await screenWith([{ uri: text, ...AT }])];
  if (kind === 'region') {
    const size = await drawnSize(text, QR_SCALE);
    const png = await screenWith([{ uri: DECOY_URI, x: 40, y: 40 }, { uri: text, ...AT }]);
    adapters.regionSelection = { capture: { bounds: { x: 0, y: 0, ...SCREEN }, png: () => png }, area: { ...AT, width: size, height: size } };
  }
  return { kind };
}



/** Everything the page's channels answer about push and the vault, as one text. */
async function pageView(fixture: DesktopFixture): Promise<string> {
  const { handlers } = fixture.desktop;
  return JSON.stringify([await handlers['push:devices'](), await handlers['push:pending'](), await handlers['vault:list'](), await handlers['vault:status']()]);
}

describe('push:enrollQr', () => {
  it.each(['image', 'clipboard', 'screen', 'region'] as const)('enrolls from the barcode_uri QR code read from the %s, and the device approves a login by number', async (kind) => {
    const fixture = await startDesktop();
    const { desktop, adapters } = fixture;
    const topics: unknown[][] = [];
    desktop.onChange((...args: unknown[]) => void topics.push(args));
    const logged: unknown[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation((...args) => void logged.push(args));
    const association = await associate();

    const outcome = await desktop.handlers['push:enrollQr'](await offer(fixture, kind, association.barcodeUri), DEVICE_NAME);

    expect(outcome).toEqual({
      ok: true,
      value: {
        enrollmentId: expect.stringMatching(/^dev_[A-Za-z0-9]{16}$/), userId: tenant.user.user_id, issuer: 'Tessera Test', name: DEVICE_NAME,
        baseUrl: `${server.issuer}appliance-mfa/`, enrolledAt: expect.any(String), connection: expect.stringMatching(/^(connecting|open)$/),
      },
    });
    await association.finish();
    // Each source read only what it names: a scan captured the screens once, a selection opened once.
    expect({ captures: adapters.screenCaptures, selections: adapters.regionSelections }).toEqual({ captures: kind === 'screen' ? 1 : 0, selections: kind === 'region' ? 1 : 0 });
    // The linked TOTP joined the vault, as with push:enroll; the decoy account on the screen did not.
    expect(valueOf(await desktop.handlers['vault:list']())).toEqual([expect.objectContaining({ issuer: 'Tessera Test', label: DEVICE_NAME })]);

    const login = await startPushLogin(server, tenant.client, EMAIL);
    expect(login.number).toMatch(/^\d{2}$/);
    const request = await nextPending(fixture);
    valueOf(await desktop.handlers['push:resolve'](request.transactionId, 'approve', login.number ?? null));
    expect((await pollOob(server, tenant.client, login.mfaToken, login.oobCode)).status).toBe(200);

    // The same code again: the server refuses the spent transaction, and the refusal carries no barcode.
    const again = await desktop.handlers['push:enrollQr'](await offer(fixture, kind, association.barcodeUri), DEVICE_NAME);
    expect(again.ok).toBe(false);
    // Nothing the page was answered or told, nor the log or the data folder, holds the barcode.
    const seen = JSON.stringify([outcome, again, topics, adapters.notifications, await pageView(fixture), logged]);
    expect(seen).not.toContain(association.txId);
    expect(topics.every((args) => args.length === 1 && ['push', 'accounts'].includes(args[0] as string))).toBe(true);
    expect(filesUnder(fixture.dataDir).some((text) => text.includes(association.txId))).toBe(false);
  });

  it('spends a push-notification ticket’s QR code as a ticket: its recovery code is shown once, in main’s dialog only', async () => {
    const ticket = expectOk(await server.management<{ ticket_id: string }>('POST', '/api/v2/guardian/enrollments/ticket', { user_id: tenant.user.user_id, factor: 'push-notification' })).ticket_id;
    const html = await (await fetch(`${server.issuer}guardian/enroll?ticket=${ticket}`)).text();
    const pagePng = /<img class="qr" id="qr" [^>]*src="data:image\/png;base64,([A-Za-z0-9+/=]+)">/.exec(html)?.[1];
    expect(pagePng).toBeDefined();
    const fixture = await startDesktop();
    // The user copied the page's QR image.
    fixture.adapters.clipboardImage = new Uint8Array(Buffer.from(pagePng!, 'base64'));

    const outcome = await fixture.desktop.handlers['push:enrollQr']({ kind: 'clipboard' }, DEVICE_NAME);

    expect(valueOf(outcome)?.userId).toBe(tenant.user.user_id);
    expect(rows<{ used_at: number | null }>(server, 'SELECT used_at FROM enrollment_tickets')[0]?.used_at).not.toBeNull();
    const host = new URL(server.issuer).host;
    expect(fixture.adapters.secretsShown).toEqual([
      { message: 'Save your recovery code', detail: expect.stringMatching(new RegExp(`^[A-Z0-9]{24}\\n\\nIt signs you in to ${host.replace(/[.]/g, '\\.')} if you lose this computer\\.`)) },
    ]);
    const recoveryCode = fixture.adapters.secretsShown[0]!.detail.slice(0, 24);
    expect(recoveryCode).toMatch(RECOVERY_CODE);
    const seen = JSON.stringify([outcome, fixture.adapters.notifications, await pageView(fixture)]);
    expect(seen).not.toContain(recoveryCode);
    expect(seen).not.toContain(ticket);
  });

  it('answers null for a cancelled screen-area selection, and spends nothing', async () => {
    const fixture = await startDesktop();
    const association = await associate();
    fixture.adapters.regionSelection = null;
    expect(await fixture.desktop.handlers['push:enrollQr']({ kind: 'region' }, DEVICE_NAME)).toEqual({ ok: true, value: null });
    expect(fixture.adapters.regionSelections).toBe(1);
    expect(rows(server, 'SELECT link_id FROM push_devices')).toEqual([]);
    // The enrollment is still there to be spent.
    valueOf(await fixture.desktop.handlers['push:enroll'](association.barcodeUri, DEVICE_NAME));
  });

  it('captures nothing and asks nothing while Tessera is locked', async () => {
    const fixture = await startDesktop();
    const association = await associate();
    const { handlers } = fixture.desktop;
    valueOf(await handlers['lock:setPasscode'](null, 'correct horse'));
    valueOf(await handlers['lock:lock']());
    for (const kind of ['image', 'clipboard', 'screen', 'region'] as const) {
      const source = await offer(fixture, kind, association.barcodeUri);
      expect(await handlers['push:enrollQr'](source, DEVICE_NAME)).toEqual({ ok: false, error: { kind: 'locked', message: 'Tessera is locked: unlock it first' } });
    }
    expect({ captures: fixture.adapters.screenCaptures, selections: fixture.adapters.regionSelections }).toEqual({ captures: 0, selections: 0 });
    expect(rows(server, 'SELECT link_id FROM push_devices')).toEqual([]);
  });

  const ACCOUNT_URI = 'otpauth://totp/Example:ada?secret=JBSWY3DPEHPK3PXP&issuer=Example';
  const MIGRATION_URI = 'otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZSABKAEwAhABGAEgACjr4JP7Aw%3D%3D';
  const OTHER_PUSH = 'otpauth://totp/Other:eve?enrollment_tx_id=OtherTx123&issuer=Other&base_url=http%3A%2F%2F127.0.0.1%3A9%2Fappliance-mfa%2F';

  it.each<[string, (fixture: DesktopFixture) => Promise<PushQrSource>, string]>([
    ['an authenticator account’s QR image', async () => ({ kind: 'image', bytes: await qrPng(ACCOUNT_URI) }), AUTHENTICATOR_ACCOUNT_QR],
    ['a Google Authenticator export on the clipboard', async (f) => ((f.adapters.clipboardImage = await qrPng(MIGRATION_URI)), { kind: 'clipboard' }), AUTHENTICATOR_ACCOUNT_QR],
    ['a web address QR image', async () => ({ kind: 'image', bytes: await qrPng('https://example.com/') }), NOT_PUSH_QR],
    ['an image with no QR code', async () => ({ kind: 'image', bytes: blankPng() }), 'No QR code was found in the image'],
    ['a file that is not an image', async () => ({ kind: 'image', bytes: new TextEncoder().encode('otpauth://totp/x?enrollment_tx_id=1') }), 'Only PNG and JPEG images can be read'],
    ['an empty clipboard', async () => ({ kind: 'clipboard' }), 'The clipboard holds no image'],
    ['a clipboard image with no QR code', async (f) => ((f.adapters.clipboardImage = blankPng()), { kind: 'clipboard' }), 'No QR code was found in the clipboard image'],
    ['screens with no QR code', async (f) => ((f.adapters.screens = [await screenWith([])]), { kind: 'screen' }), NO_PUSH_QR_ON_SCREEN],
    ['screens with only an account’s QR code', async (f) => ((f.adapters.screens = [await screenWith([{ uri: DECOY_URI, ...AT }])]), { kind: 'screen' }), AUTHENTICATOR_ACCOUNT_QR],
    ['two displays showing different push QR codes', async (f) => {
      const association = await associate();
      f.adapters.screens = [await screenWith([{ uri: association.barcodeUri, ...AT }]), await screenWith([{ uri: OTHER_PUSH, ...AT }])];
      return { kind: 'screen' };
    }, SEVERAL_PUSH_QR_ON_SCREEN],
    ['a selected area with no QR code', async (f) => {
      const png = await screenWith([{ uri: DECOY_URI, ...AT }]);
      f.adapters.regionSelection = { capture: { bounds: { x: 0, y: 0, ...SCREEN }, png: () => png }, area: { x: 100, y: 400, width: 200, height: 200 } };
      return { kind: 'region' };
    }, 'No QR code found in the selected area'],
    ['a selected account QR code', async (f) => {
      const png = await screenWith([{ uri: DECOY_URI, ...AT }]);
      const size = await drawnSize(DECOY_URI, QR_SCALE);
      f.adapters.regionSelection = { capture: { bounds: { x: 0, y: 0, ...SCREEN }, png: () => png }, area: { ...AT, width: size, height: size } };
      return { kind: 'region' };
    }, AUTHENTICATOR_ACCOUNT_QR],
  ])('refuses %s, saying what it found', async (_name, arrange, message) => {
    const fixture = await startDesktop();
    const source = await arrange(fixture);
    expect(await fixture.desktop.handlers['push:enrollQr'](source, DEVICE_NAME)).toEqual({ ok: false, error: { kind: 'invalid_input', message } });
    expect(valueOf(await fixture.desktop.handlers['push:devices']())).toEqual([]);
    expect(valueOf(await fixture.desktop.handlers['vault:list']())).toEqual([]);
    expect(rows(server, 'SELECT link_id FROM push_devices')).toEqual([]);
  });
});
