import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeAdapters } from './fake-adapters';
import { createDesktop, type Desktop } from '../../../src-main/desktop/desktop';
import { createElectronAdapters } from '../../../src-main/desktop/electron-adapters';
import { createMemorySecretStore } from '../../../src-main/vault';
import { decodeQr } from '../../helpers/browser.js';
import { rows } from '../../helpers/db.js';
import { expectOk, pollOob, pushTenant, startPushLogin, startPushTessera, withTimeout, type PushTenant, type PushTessera } from '../../helpers/push.js';
import { PASSWORD } from '../../helpers/server.js';
import { filesUnder, startDesktop, valueOf } from './desktop-fixture';

/**
 * push:enroll with the QR code of a push-notification ticket's page (its enrollment_tx_id is the ticket,
 * `gten_…`): the desktop spends it as a ticket, as a tessera://enroll link does, so the first enrollment's
 * recovery code is shown once in main's dialog (Electron's dialog module, faked here) and reaches neither
 * the page's channels, nor a notification, a log line or a file. The scan-to-vault channels point to Push.
 */

const electron = vi.hoisted(() => ({
  /** The user's answers to message boxes, in order (0 Copy, 1 Done); Done once they run out. */
  answers: [] as number[],
  shown: [] as unknown[][],
  clipboard: '',
  notifications: [] as unknown[],
}));

vi.mock('electron', () => ({
  BrowserWindow: { getFocusedWindow: () => undefined, getAllWindows: () => [] },
  dialog: {
    showMessageBox: async (...args: unknown[]) => (electron.shown.push(args), { response: electron.answers.shift() ?? 1, checkboxChecked: false }),
  },
  clipboard: {
    writeText: (text: string) => void (electron.clipboard = text),
    readText: () => electron.clipboard,
    clear: () => void (electron.clipboard = ''),
    readImage: () => ({ isEmpty: () => true }),
  },
  Notification: Object.assign(
    class {
      constructor(options: unknown) {
        electron.notifications.push(options);
      }
      show(): void {}
    },
    { isSupported: () => true },
  ),
  desktopCapturer: { getSources: async () => [] },
  powerMonitor: { on: () => undefined, off: () => undefined },
  globalShortcut: { register: () => true, unregister: () => undefined },
  screen: { getAllDisplays: () => [] },
}));

const EMAIL = 'ada@example.com';
const DEVICE_NAME = 'Ada’s desktop';
const RECOVERY_CODE = /^[A-Z0-9]{24}$/;
const MFA_RECOVERY_CODE = 'http://auth0.com/oauth/grant-type/mfa-recovery-code';
const PUSH_QR_TEXT =
  'This QR code enrolls a device for push sign-in, not an authenticator account. Read it under Push → Enroll this computer (QR image, From clipboard, Scan screen or Select screen area), or use the page\'s "Open this enrollment in Tessera" link.';

let server: PushTessera;
let tenant: PushTenant;
let host: string;
const dataDirs: string[] = [];
const desktops: Desktop[] = [];
beforeEach(async () => {
  electron.answers = [];
  electron.shown = [];
  electron.clipboard = '';
  electron.notifications = [];
  server = await startPushTessera();
  tenant = await pushTenant(server, EMAIL);
  host = new URL(server.issuer).host;
});
afterEach(async () => {
  for (const desktop of desktops.splice(0)) await desktop.close();
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
  await server.close();
});

/** The desktop as the app builds it, with the real Electron adapters over the faked electron module. */
async function electronDesktop(): Promise<{ desktop: Desktop; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-desktop-'));
  dataDirs.push(dataDir);
  const overlay = { url: 'app://tessera/overlay.html', preloadPath: '/nonexistent/overlay.cjs', allowedOrigins: ['app://tessera'] };
  const { palette, showMainWindow, setContentProtection } = fakeAdapters();
  const adapters = createElectronAdapters(overlay, { appWindow: () => undefined }, { palette, showMainWindow, setContentProtection });
  const desktop = await createDesktop({ dataDir, secretStore: createMemorySecretStore('test keyring'), adapters });
  desktops.push(desktop);
  return { desktop, dataDir };
}

async function pushTicket(): Promise<string> {
  const ticket = expectOk(await server.management<{ ticket_id: string }>('POST', '/api/v2/guardian/enrollments/ticket', { user_id: tenant.user.user_id, factor: 'push-notification' }));
  return ticket.ticket_id;
}

/** The ticket page's QR code as PNG bytes: what a screen capture or a saved image would hold. */
async function pageQrPng(ticket: string): Promise<Buffer> {
  const html = await (await fetch(`${server.issuer}guardian/enroll?ticket=${ticket}`)).text();
  const src = /<img class="qr" id="qr" [^>]*src="data:image\/png;base64,([A-Za-z0-9+/=]+)">/.exec(html)?.[1];
  if (!src) throw new Error('the ticket page shows no QR code');
  return Buffer.from(src, 'base64');
}

/** What Tessera reads from the page's QR code, and what a user pastes into Push → Enroll. */
const pageBarcode = async (ticket: string) => decodeQr(await pageQrPng(ticket));

const notice = (code: string) => `${code}\n\nIt signs you in to ${host} if you lose this computer. Keep it somewhere safe: it is shown only this once.`;
const ticketUsed = () => rows<{ used_at: number | null }>(server, 'SELECT used_at FROM enrollment_tickets')[0]?.used_at !== null;


describe('push:enroll with a push-notification ticket QR code', () => {
  it('enrolls as the ticket link does and shows the recovery code once, in the dialog only', async () => {
    const ticket = await pushTicket();
    const barcode = await pageBarcode(ticket);
    expect(barcode).toBe(`otpauth://totp/Tessera%20Test:ada%40example.com?enrollment_tx_id=${ticket}&issuer=Tessera%20Test&base_url=${encodeURIComponent(`${server.issuer}appliance-mfa/`)}`);
    const { desktop, dataDir } = await electronDesktop();
    const logged: unknown[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation((...args) => void logged.push(args));
    // The user presses Copy, then Done.
    electron.answers = [0, 1];

    const outcome = await desktop.handlers['push:enroll'](barcode, DEVICE_NAME);

    expect(outcome).toEqual({
      ok: true,
      value: {
        enrollmentId: expect.stringMatching(/^dev_[A-Za-z0-9]{16}$/),
        userId: tenant.user.user_id,
        issuer: 'Tessera Test',
        name: DEVICE_NAME,
        baseUrl: `${server.issuer}appliance-mfa/`,
        enrolledAt: expect.any(String),
        connection: expect.stringMatching(/^(connecting|open)$/),
      },
    });
    expect(ticketUsed()).toBe(true);
    // One dialog, shown again after Copy; no window is open, so it has no parent.
    expect(electron.shown.length).toBe(2);
    const [first] = electron.shown[0] as [{ message: string; detail: string }];
    expect(first).toEqual(expect.objectContaining({ type: 'info', message: 'Save your recovery code', detail: notice(first.detail.slice(0, 24)) }));
    const recoveryCode = first.detail.slice(0, 24);
    expect(recoveryCode).toMatch(RECOVERY_CODE);
    // Copy put it on the clipboard, which the user asked for.
    expect(electron.clipboard).toBe(recoveryCode);

    // The linked TOTP went into the vault, and the device approves a real login.
    expect(valueOf(await desktop.handlers['vault:list']())).toEqual([expect.objectContaining({ issuer: 'Tessera Test', label: DEVICE_NAME })]);
    const login = await startPushLogin(server, tenant.client, EMAIL);
    const request = await withTimeout((async () => {
      for (;;) {
        const [pending] = valueOf(await desktop.handlers['push:pending']());
        if (pending) return pending;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })(), 5_000, 'no push request in push:pending');
    valueOf(await desktop.handlers['push:resolve'](request.transactionId, 'approve', login.number ?? null));
    expect((await pollOob(server, tenant.client, login.mfaToken, login.oobCode)).status).toBe(200);

    // Nowhere else: not in what the page's channels answer, a notification, the log, or the data folder.
    const pageSaw = JSON.stringify([
      outcome, await desktop.handlers['push:devices'](), await desktop.handlers['push:pending'](), await desktop.handlers['vault:list'](),
      await desktop.handlers['vault:codes'](), await desktop.handlers['vault:status'](), await desktop.handlers['settings:get'](),
    ]);
    expect(pageSaw).not.toContain(recoveryCode);
    expect(JSON.stringify([electron.notifications, logged])).not.toContain(recoveryCode);
    expect(filesUnder(dataDir).some((text) => text.includes(recoveryCode))).toBe(false);

    // It is the user's recovery code.
    const app = expectOk(await server.management<{ client_id: string; client_secret: string }>('POST', '/api/v2/clients', { name: 'Recovery App', grant_types: ['password', MFA_RECOVERY_CODE] }), 201);
    const mfa = await server.call<{ mfa_token: string }>('POST', '/oauth/token', {
      form: { grant_type: 'password', client_id: app.client_id, client_secret: app.client_secret, username: EMAIL, password: PASSWORD },
    });
    const recovered = await server.call('POST', '/oauth/token', {
      form: { grant_type: MFA_RECOVERY_CODE, client_id: app.client_id, client_secret: app.client_secret, mfa_token: mfa.body.mfa_token, recovery_code: recoveryCode },
    });
    expect(recovered.status).toBe(200);
  });

  it('the same through tessera://enroll-push?uri=… (a link carrying the QR code text)', async () => {
    const ticket = await pushTicket();
    const { desktop } = await electronDesktop();
    const link = `tessera://enroll-push?uri=${encodeURIComponent(await pageBarcode(ticket))}`;
    expect(valueOf(await desktop.handlers['push:enroll'](link, DEVICE_NAME)).userId).toBe(tenant.user.user_id);
    expect(electron.shown.map(([options]) => (options as { message: string }).message)).toEqual(['Save your recovery code']);
  });

  it('shows no dialog when the server issues no recovery code (a second device on a ticket that allows it)', async () => {
    const { desktop } = await electronDesktop();
    valueOf(await desktop.handlers['push:enroll'](await pageBarcode(await pushTicket()), 'First'));
    electron.shown = [];
    const second = expectOk(await server.management<{ ticket_id: string }>('POST', '/api/v2/guardian/enrollments/ticket', {
      user_id: tenant.user.user_id, factor: 'push-notification', allow_multiple_enrollments: true,
    })).ticket_id;
    const { desktop: other } = await electronDesktop();
    valueOf(await other.handlers['push:enroll'](await pageBarcode(second), 'Second'));
    expect(electron.shown).toEqual([]);
    expect(rows(server, 'SELECT link_id FROM push_devices').length).toBe(2);
  });

  it.each([
    ['a spent ticket', 'This enrollment link is not valid: it was already used or has expired. Ask your administrator for a new one.'],
    ['push turned off since the page was shown', 'The push-notification factor is not enabled.'],
  ])('with %s, answers why and shows no dialog', async (label, message) => {
    const ticket = await pushTicket();
    const barcode = await pageBarcode(ticket);
    if (label === 'a spent ticket') valueOf(await (await electronDesktop()).desktop.handlers['push:enroll'](barcode, 'First'));
    else expectOk(await server.management('PUT', '/api/v2/guardian/factors/push-notification', { enabled: false }));
    electron.shown = [];
    const { desktop } = await electronDesktop();
    expect(await desktop.handlers['push:enroll'](barcode, DEVICE_NAME)).toEqual({ ok: false, error: { kind: 'invalid_input', message } });
    expect(electron.shown).toEqual([]);
    expect(valueOf(await desktop.handlers['push:devices']())).toEqual([]);
  });

  it('spends nothing while Tessera is locked', async () => {
    const ticket = await pushTicket();
    const { desktop } = await electronDesktop();
    valueOf(await desktop.handlers['lock:setPasscode'](null, 'correct horse'));
    valueOf(await desktop.handlers['lock:lock']());
    expect(await desktop.handlers['push:enroll'](await pageBarcode(ticket), DEVICE_NAME)).toEqual({ ok: false, error: { kind: 'locked', message: 'Tessera is locked: unlock it first' } });
    expect({ used: ticketUsed(), shown: electron.shown }).toEqual({ used: false, shown: [] });
  });
});

describe('the scan-to-vault channels and a push enrollment QR code', () => {
  it('say to read it under Push → Enroll this computer, for a screen, a screen area, an image, the clipboard and a pasted link, also wrapped in tessera://enroll-push', async () => {
    const ticket = await pushTicket();
    const png = await pageQrPng(ticket);
    const barcode = decodeQr(png);
    const { desktop, adapters } = await startDesktop();
    const refused = { ok: false, error: { kind: 'invalid_input', message: PUSH_QR_TEXT } };

    adapters.screens = [new Uint8Array(png)];
    expect(await desktop.handlers['vault:addQrScreen']()).toEqual(refused);
    const size = PNG.sync.read(png);
    adapters.regionSelection = {
      capture: { bounds: { x: 0, y: 0, width: size.width, height: size.height }, png: () => new Uint8Array(png) },
      area: { x: 0, y: 0, width: size.width, height: size.height },
    };
    expect(await desktop.handlers['vault:addQrRegion']()).toEqual(refused);
    expect(await desktop.handlers['vault:addQrImage'](new Uint8Array(png))).toEqual(refused);
    adapters.clipboardImage = new Uint8Array(png);
    expect(await desktop.handlers['vault:addQrClipboard']()).toEqual(refused);
    expect(await desktop.handlers['vault:addUri'](barcode)).toEqual(refused);
    // The same code wrapped in the push deep link, as a QR code may carry it.
    const wrapped = `tessera://enroll-push?uri=${encodeURIComponent(barcode)}`;
    expect(await desktop.handlers['vault:addUri'](wrapped)).toEqual(refused);
    adapters.screens = [new Uint8Array(await QRCode.toBuffer(wrapped, { margin: 4, scale: 4 }))];
    expect(await desktop.handlers['vault:addQrScreen']()).toEqual(refused);

    expect(valueOf(await desktop.handlers['vault:list']())).toEqual([]);
    expect(ticketUsed()).toBe(false);
  });
});
