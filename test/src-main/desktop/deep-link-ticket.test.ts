import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handleDeepLink, type DeepLinkDeps } from '../../../src-main/desktop/deep-link-actions';
import { parseDeepLink, type DeepLink } from '../../../src-main/desktop/deep-link';
import { rows } from '../../helpers/db.js';
import { expectOk, pollOob, pushTenant, startPushLogin, startPushTessera, type PushTenant, type PushTessera } from '../../helpers/push.js';
import { PASSWORD } from '../../helpers/server.js';
import { filesUnder, nextPending, startDesktop, valueOf, type DesktopFixture } from './desktop-fixture';

/**
 * `tessera://enroll?ticket=…&issuer=…` (the enrollment page's "Open this enrollment in Tessera") against a
 * real Tessera over HTTP: the desktop enrolls as a push device with the ticket, keeps the linked TOTP in
 * its vault, and shows the recovery code once in a main-process dialog, never to the page.
 */

const EMAIL = 'ada@example.com';
const RECOVERY_CODE = /^[A-Z0-9]{24}$/;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MFA_OTP = 'http://auth0.com/oauth/grant-type/mfa-otp';
const MFA_RECOVERY_CODE = 'http://auth0.com/oauth/grant-type/mfa-recovery-code';

let server: PushTessera;
let tenant: PushTenant;
let host: string;
beforeEach(async () => {
  server = await startPushTessera();
  tenant = await pushTenant(server, EMAIL);
  host = new URL(server.issuer).host;
});
afterEach(() => server.close());

/** What the link's handling asked and showed, in order; `informed` is main's recovery-code dialog (Electron's, faked). */
interface Seen {
  confirms: [message: string, detail: string, label: string][];
  informed: { message: string; detail: string }[];
  notified: string[];
  opened: string[];
}

/** The clipboard after the recovery-code dialog's Copy: at once, a second before it clears, and when it clears. */
interface CopiedTrace {
  result: unknown;
  clipboard: { copied: string; beforeClear: string; afterClear: string };
}

/**
 * The desktop with fake Electron; `answers` are the user's replies to the confirmations, in order. With
 * `pressCopy`, the recovery-code dialog's Copy is pressed, and the clipboard followed through its clearing.
 */
async function linkDeps(answers: boolean[], pressCopy = false): Promise<{ fixture: DesktopFixture; deps: DeepLinkDeps; seen: Seen; copied: CopiedTrace[] }> {
  const fixture = await startDesktop();
  const seen: Seen = { confirms: [], informed: fixture.adapters.secretsShown, notified: [], opened: [] };
  const copied: CopiedTrace[] = [];
  const deps: DeepLinkDeps = {
    desktop: fixture.desktop,
    confirm: async (message, detail, label) => (seen.confirms.push([message, detail, label]), answers.shift() ?? false),
    notify: (_title, body) => void seen.notified.push(body),
    showWindow: () => undefined,
    openExternal: (url) => void seen.opened.push(url),
  };
  if (pressCopy) {
    fixture.adapters.whileSecretShown = (copy) => {
      // Fake timers for this synchronous stretch only (the HTTP server and streams keep real ones).
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        const result = copy();
        const text = () => fixture.adapters.clipboardText;
        const copiedText = text();
        vi.advanceTimersByTime(29_000);
        const beforeClear = text();
        vi.advanceTimersByTime(1_000);
        copied.push({ result, clipboard: { copied: copiedText, beforeClear, afterClear: text() } });
      } finally {
        vi.useRealTimers();
      }
    };
  }
  return { fixture, deps, seen, copied };
}

async function newTicket(body: Record<string, unknown> = {}): Promise<string> {
  return expectOk(await server.management<{ ticket_id: string }>('POST', '/api/v2/guardian/enrollments/ticket', { user_id: tenant.user.user_id, ...body })).ticket_id;
}

/** The link as the ticket page offers it (its #desktop-link href), parsed as the app parses it. */
async function pageLink(ticket: string): Promise<DeepLink> {
  const html = await (await fetch(`${server.issuer}guardian/enroll?ticket=${ticket}`)).text();
  const href = /<a href="([^"]+)" id="desktop-link">/.exec(html)?.[1];
  if (!href) throw new Error('the ticket page offers no desktop link');
  const link = parseDeepLink(href.replaceAll('&amp;', '&'));
  if (!link) throw new Error(`not a deep link: ${href}`);
  return link;
}

const ticketUsed = () => rows<{ used_at: number | null }>(server, 'SELECT used_at FROM enrollment_tickets')[0]?.used_at !== null;



const CONFIRM_ENROLL = () => [
  `Use this computer for push sign-in approvals on ${host}?`,
  `A web page or another app asked Tessera to enroll this computer with an enrollment link from ${host}. Continue only if you asked for it.`,
  'Enroll',
];

describe('a tessera://enroll ticket link', () => {
  it('enrolls this computer for push, keeps the linked TOTP in the vault, and shows the recovery code only in the dialog', async () => {
    const ticket = await newTicket();
    const link = await pageLink(ticket);
    expect(link).toEqual({ action: 'enroll-ticket', ticket, issuer: server.issuer });
    const { fixture, deps, seen, copied } = await linkDeps([true], true);
    const logged: unknown[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, method).mockImplementation((...args) => void logged.push(args));

    await handleDeepLink(link, deps);
    vi.restoreAllMocks();

    expect(seen.confirms).toEqual([CONFIRM_ENROLL()]);
    expect(seen.informed).toEqual([
      {
        message: 'Save your recovery code',
        detail: expect.stringMatching(new RegExp(`^[A-Z0-9]{24}\\n\\nIt signs you in to ${host.replace(/[.]/g, '\\.')} if you lose this computer\\. Keep it somewhere safe: it is shown only this once\\.$`)),
      },
    ]);
    const recoveryCode = seen.informed[0]!.detail.slice(0, 24);
    expect(recoveryCode).toMatch(RECOVERY_CODE);
    // The dialog's Copy goes through the codes' clipboard: the code alone, cleared after the setting's 30 s.
    expect(copied).toEqual([{ result: { clearsAfterSeconds: 30 }, clipboard: { copied: recoveryCode, beforeClear: recoveryCode, afterClear: '' } }]);
    expect(seen.notified).toEqual([`This computer now receives sign-in requests from ${host}`]);
    expect(seen.opened).toEqual([]);
    expect(ticketUsed()).toBe(true);

    const { desktop } = fixture;
    const [device] = valueOf(await desktop.handlers['push:devices']());
    expect(device).toEqual({
      enrollmentId: expect.stringMatching(/^dev_[A-Za-z0-9]{16}$/), userId: tenant.user.user_id, issuer: 'Tessera Test', name: hostname(),
      baseUrl: `${server.issuer}appliance-mfa/`, enrolledAt: expect.any(String), connection: expect.stringMatching(/^(connecting|open)$/),
    });
    const [account] = valueOf(await desktop.handlers['vault:list']());
    expect(account).toEqual(expect.objectContaining({ issuer: 'Tessera Test', label: hostname() }));

    // The vault's code is the server's: the mfa-otp grant takes it.
    const app = expectOk(await server.management<{ client_id: string; client_secret: string }>('POST', '/api/v2/clients', { name: 'OTP App', grant_types: ['password', MFA_OTP, MFA_RECOVERY_CODE] }), 201);
    const mfaToken = async () => {
      const login = await server.call<{ mfa_token: string }>('POST', '/oauth/token', { form: { grant_type: 'password', client_id: app.client_id, client_secret: app.client_secret, username: EMAIL, password: PASSWORD } });
      return login.body.mfa_token;
    };
    const code = valueOf(await desktop.handlers['vault:codes']()).find((view) => view.id === account?.id)?.code ?? '';
    const otp = await server.call('POST', '/oauth/token', { form: { grant_type: MFA_OTP, client_id: app.client_id, client_secret: app.client_secret, mfa_token: await mfaToken(), otp: code } });
    expect({ status: otp.status, body: otp.body }).toEqual({ status: 200, body: { access_token: expect.stringMatching(JWT), expires_in: 86400, token_type: 'Bearer' } });

    // And the push enrollment approves a login.
    const login = await startPushLogin(server, tenant.client, EMAIL);
    const request = await nextPending(fixture);
    valueOf(await desktop.handlers['push:resolve'](request.transactionId, 'approve', login.number ?? null));
    expect((await pollOob(server, tenant.client, login.mfaToken, login.oobCode)).status).toBe(200);

    // The recovery code the dialog showed is the user's, and it went nowhere else: not to the page's
    // channels, the notifications, the log, or the data folder.
    const pageSaw = JSON.stringify([
      await desktop.handlers['push:devices'](), await desktop.handlers['push:pending'](), await desktop.handlers['vault:list'](),
      await desktop.handlers['vault:codes'](), await desktop.handlers['vault:status'](), await desktop.handlers['settings:get'](),
    ]);
    expect(pageSaw).not.toContain(recoveryCode);
    expect(JSON.stringify([seen.notified, seen.confirms, fixture.adapters.notifications, logged])).not.toContain(recoveryCode);
    expect(filesUnder(fixture.dataDir).some((text) => text.includes(recoveryCode))).toBe(false);
    const recovered = await server.call('POST', '/oauth/token', {
      form: { grant_type: MFA_RECOVERY_CODE, client_id: app.client_id, client_secret: app.client_secret, mfa_token: await mfaToken(), recovery_code: recoveryCode },
    });
    expect(recovered.status).toBe(200);
  });

  it('shows no dialog when the server issues no recovery code (the user already has one)', async () => {
    const { deps: first } = await linkDeps([true]);
    await handleDeepLink(await pageLink(await newTicket()), first);
    const { deps, seen } = await linkDeps([true]);
    await handleDeepLink(await pageLink(await newTicket({ allow_multiple_enrollments: true })), deps);
    expect(seen.informed).toEqual([]);
    expect(seen.notified).toEqual([`This computer now receives sign-in requests from ${host}`]);
    expect(rows(server, 'SELECT link_id FROM push_devices').length).toBe(2);
  });

  it.each([
    ['a ticket for the otp factor', { factor: 'otp' }, false, 'This enrollment ticket is for the otp factor, not push-notification.'],
    ['push sign-in turned off', {}, true, 'The push-notification factor is not enabled.'],
  ])('with %s, offers the enrollment page in the browser instead', async (_label, body, pushOff, refusal) => {
    const ticket = await newTicket(body);
    if (pushOff) expectOk(await server.management('PUT', '/api/v2/guardian/factors/push-notification', { enabled: false }));
    const { fixture, deps, seen } = await linkDeps([true, true]);

    await handleDeepLink({ action: 'enroll-ticket', ticket, issuer: server.issuer }, deps);

    expect(seen.confirms).toEqual([
      CONFIRM_ENROLL(),
      [
        `Open the enrollment page of ${host}?`,
        `${refusal} Its enrollment page can set up an authenticator app instead: press "Set up", then use "Scan screen" in Tessera to add the QR code it shows.`,
        'Open page',
      ],
    ]);
    expect(seen.opened).toEqual([`${server.issuer}guardian/enroll?ticket=${ticket}`]);
    expect({ informed: seen.informed, notified: seen.notified }).toEqual({ informed: [], notified: [] });
    expect(valueOf(await fixture.desktop.handlers['push:devices']())).toEqual([]);
    expect(valueOf(await fixture.desktop.handlers['vault:list']())).toEqual([]);
    // The page can still spend it.
    expect(ticketUsed()).toBe(false);
  });

  it('reports a spent ticket clearly and opens nothing', async () => {
    const ticket = await newTicket();
    const { deps: first } = await linkDeps([true]);
    await handleDeepLink({ action: 'enroll-ticket', ticket, issuer: server.issuer }, first);
    const { deps, seen } = await linkDeps([true]);
    await handleDeepLink({ action: 'enroll-ticket', ticket, issuer: server.issuer }, deps);
    expect(seen.notified).toEqual(['This enrollment link is not valid: it was already used or has expired. Ask your administrator for a new one.']);
    expect({ opened: seen.opened, informed: seen.informed }).toEqual({ opened: [], informed: [] });
  });

  it('reports an already enrolled user clearly', async () => {
    const { deps: first } = await linkDeps([true]);
    await handleDeepLink({ action: 'enroll-ticket', ticket: await newTicket(), issuer: server.issuer }, first);
    const { deps, seen } = await linkDeps([true]);
    await handleDeepLink({ action: 'enroll-ticket', ticket: await newTicket(), issuer: server.issuer }, deps);
    expect(seen.notified).toEqual(['You are already enrolled in two-step verification, and this enrollment link does not allow another device.']);
    expect(seen.opened).toEqual([]);
  });

  it('spends nothing when the user declines, or while Tessera is locked', async () => {
    const ticket = await newTicket();
    const declined = await linkDeps([false]);
    await handleDeepLink({ action: 'enroll-ticket', ticket, issuer: server.issuer }, declined.deps);
    expect(declined.seen).toEqual({ confirms: [CONFIRM_ENROLL()], informed: [], notified: [], opened: [] });

    const locked = await linkDeps([true]);
    valueOf(await locked.fixture.desktop.handlers['lock:setPasscode'](null, 'correct horse'));
    valueOf(await locked.fixture.desktop.handlers['lock:lock']());
    await handleDeepLink({ action: 'enroll-ticket', ticket, issuer: server.issuer }, locked.deps);
    expect(locked.seen.notified).toEqual(['Tessera is locked: unlock it first']);
    expect(ticketUsed()).toBe(false);
    expect(rows(server, 'SELECT link_id FROM push_devices')).toEqual([]);
  });
});
