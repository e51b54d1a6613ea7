import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeQr } from '../helpers/browser.js';
import { rows } from '../helpers/db.js';
import { expectOk, loginForMfaToken, pushTenant, runCli, startPushTessera, type PushTenant, type PushTessera } from '../helpers/push.js';
import { PASSWORD } from '../helpers/server.js';

/**
 * `tessera device enroll` spends an enrollment ticket (https://auth0.com/docs/secure/multi-factor-authentication/multi-factor-authentication-developer-resources/create-custom-enrollment-tickets) as a push device through the
 * real bin: the QR code of a push-notification ticket's page, its ticket_url, or its tessera:// link. A
 * first enrollment's recovery code is printed once and never written to the CLI's data folder.
 */

const EMAIL = 'ada@example.com';
const TENANT = 'Tessera Test';
const LINK_ID = /^dev_[A-Za-z0-9]{16}$/;
const RECOVERY_CODE = /^[A-Z0-9]{24}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const MFA_RECOVERY_CODE = 'http://auth0.com/oauth/grant-type/mfa-recovery-code';
/** Two CLI starts and a real enrollment. */
const TWO_RUNS_MS = 90_000;
const SPENT =
  'tessera: this enrollment ticket was already used, has expired or is not known to the server (404 enrollment_transaction_not_found); ' +
  'ask your administrator for a new enrollment link\n';

let server: PushTessera;
let tenant: PushTenant;

async function pushTicket(body: Record<string, unknown> = {}): Promise<{ ticket_id: string; ticket_url: string }> {
  return expectOk(await server.management('POST', '/api/v2/guardian/enrollments/ticket', { user_id: tenant.user.user_id, factor: 'push-notification', ...body }));
}

/** The ticket page's QR code, decoded from its PNG as a phone camera would read it. */
async function pageBarcode(ticketUrl: string): Promise<string> {
  const page = await fetch(ticketUrl);
  expect(page.status).toBe(200);
  const src = /<img class="qr" id="qr" [^>]*src="data:image\/png;base64,([A-Za-z0-9+/=]+)">/.exec(await page.text())?.[1];
  if (src === undefined) throw new Error('the ticket page shows no QR code');
  return decodeQr(Buffer.from(src, 'base64'));
}

const ticketUsedAt = () => rows<{ used_at: number | null }>(server, 'SELECT used_at FROM enrollment_tickets').map((row) => row.used_at);
const pushDevices = () => rows<{ link_id: string; name: string }>(server, 'SELECT link_id, name FROM push_devices');

/** Every file under the CLI's data folder, as text. */
function folderText(dir: string): string {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

/** The human output of an enrollment: the account, then the recovery code and what to do with it. */
function expectedHumanOutput(enrollmentId: string, enrolledAt: string, code: string): string {
  const host = new URL(server.issuer).host;
  return [
    'Enrolled for push:',
    enrollmentId,
    `  user         ${tenant.user.user_id}`,
    `  issuer       ${TENANT}`,
    `  server       ${server.issuer}appliance-mfa/`,
    '  device name  CLI',
    `  enrolled     ${enrolledAt}`,
    '  totp         sha1, 6 digits, 30 s',
    '',
    `Recovery code: ${code}`,
    `Save this recovery code somewhere safe now: it signs you in to ${host} if you lose this device, and it is not shown again.`,
    '',
  ].join('\n');
}

/** Signs in with the recovery code through the mfa-recovery-code grant (https://auth0.com/docs/api/authentication/multi-factor-authentication/verify-with-recovery-code). */
async function recoverWith(code: string) {
  const app = expectOk(await server.management<{ client_id: string; client_secret: string }>('POST', '/api/v2/clients', { name: 'Recovery App', grant_types: ['password', MFA_RECOVERY_CODE] }), 201);
  const mfa = await server.call<{ mfa_token: string }>('POST', '/oauth/token', {
    form: { grant_type: 'password', client_id: app.client_id, client_secret: app.client_secret, username: EMAIL, password: PASSWORD },
  });
  const recovered = await server.call('POST', '/oauth/token', {
    form: { grant_type: MFA_RECOVERY_CODE, client_id: app.client_id, client_secret: app.client_secret, mfa_token: mfa.body.mfa_token, recovery_code: code },
  });
  return { status: recovered.status, body: recovered.body };
}

describe('tessera device enroll with an enrollment ticket', () => {
  beforeEach(async () => {
    server = await startPushTessera();
    tenant = await pushTenant(server, EMAIL);
  });
  afterEach(() => server.close());

  it('spends the QR code of a push-notification ticket’s page as the ticket, and prints the recovery code once', async () => {
    const home = server.tempDir('tessera-cli-home-');
    const ticket = await pushTicket();
    const barcode = await pageBarcode(ticket.ticket_url);
    expect(barcode).toBe(
      `otpauth://totp/Tessera%20Test:ada%40example.com?enrollment_tx_id=${ticket.ticket_id}&issuer=Tessera%20Test&base_url=${encodeURIComponent(`${server.issuer}appliance-mfa/`)}`,
    );

    const enrolled = await runCli(['device', 'enroll', barcode, '--name', 'CLI'], home).exited;
    expect({ code: enrolled.code, stderr: enrolled.stderr }).toEqual({ code: 0, stderr: '' });
    const enrollmentId = /^Enrolled for push:\n(dev_[A-Za-z0-9]{16})\n/.exec(enrolled.stdout)?.[1] ?? '';
    const enrolledAt = /^ {2}enrolled {5}(\S+)$/m.exec(enrolled.stdout)?.[1] ?? '';
    const code = /^Recovery code: (\S+)$/m.exec(enrolled.stdout)?.[1] ?? '';
    expect({ enrollmentId, enrolledAt, code }).toEqual({ enrollmentId: expect.stringMatching(LINK_ID), enrolledAt: expect.stringMatching(ISO_DATE), code: expect.stringMatching(RECOVERY_CODE) });
    expect(enrolled.stdout).toBe(expectedHumanOutput(enrollmentId, enrolledAt, code));

    expect(ticketUsedAt()).toEqual([expect.any(Number)]);
    expect(pushDevices()).toEqual([{ link_id: enrollmentId, name: 'CLI' }]);
    // The code is the user's, and only on the terminal: not in any file the CLI keeps.
    expect(await recoverWith(code)).toEqual({
      status: 200,
      body: { access_token: expect.stringMatching(JWT), expires_in: 86400, token_type: 'Bearer', recovery_code: expect.stringMatching(RECOVERY_CODE) },
    });
    const stored = folderText(home);
    expect(stored).toContain(enrollmentId);
    expect(stored).not.toContain(code);
  }, TWO_RUNS_MS);

  it.each([
    ['its ticket_url', (ticket: { ticket_id: string; ticket_url: string }) => ticket.ticket_url],
    ['its tessera://enroll link', (ticket: { ticket_id: string }) => `tessera://enroll?ticket=${ticket.ticket_id}&issuer=${encodeURIComponent(server.issuer)}`],
  ])('enrolls with %s, printing the recovery code', async (label, argument) => {
    const home = server.tempDir('tessera-cli-home-');
    const ticket = await pushTicket();
    if (label === 'its ticket_url') expect(ticket.ticket_url).toBe(`${server.issuer}guardian/enroll?ticket=${ticket.ticket_id}`);

    const enrolled = await runCli(['device', 'enroll', argument(ticket), '--name', 'CLI'], home).exited;
    expect({ code: enrolled.code, stderr: enrolled.stderr }).toEqual({ code: 0, stderr: '' });
    const enrollmentId = /^Enrolled for push:\n(dev_[A-Za-z0-9]{16})\n/.exec(enrolled.stdout)?.[1] ?? '';
    const enrolledAt = /^ {2}enrolled {5}(\S+)$/m.exec(enrolled.stdout)?.[1] ?? '';
    const code = /^Recovery code: (\S+)$/m.exec(enrolled.stdout)?.[1] ?? '';
    expect(code).toMatch(RECOVERY_CODE);
    expect(enrolled.stdout).toBe(expectedHumanOutput(enrollmentId, enrolledAt, code));
    expect(ticketUsedAt()).toEqual([expect.any(Number)]);
    expect(pushDevices()).toEqual([{ link_id: enrollmentId, name: 'CLI' }]);
    expect(folderText(home)).not.toContain(code);
  }, TWO_RUNS_MS);

  it('--json prints the account without its TOTP secret, plus recovery_code, on one line', async () => {
    const home = server.tempDir('tessera-cli-home-');
    const ticket = await pushTicket();

    const enrolled = await runCli(['device', 'enroll', await pageBarcode(ticket.ticket_url), '--name', 'CLI', '--json'], home).exited;
    expect({ code: enrolled.code, stderr: enrolled.stderr }).toEqual({ code: 0, stderr: '' });
    expect(enrolled.stdout).toMatch(/^\{[^\n]*\}\n$/);
    const output = JSON.parse(enrolled.stdout) as Record<string, unknown>;
    const identity = JSON.parse(readFileSync(join(home, 'device.json'), 'utf8')) as { identifier: string };
    expect(output).toEqual({
      enrollmentId: expect.stringMatching(LINK_ID),
      userId: tenant.user.user_id,
      baseUrl: `${server.issuer}appliance-mfa/`,
      identifier: identity.identifier,
      issuer: TENANT,
      name: 'CLI',
      totp: { algorithm: 'sha1', digits: 6, period: 30 },
      enrolledAt: expect.stringMatching(ISO_DATE),
      recovery_code: expect.stringMatching(RECOVERY_CODE),
    });
    expect(Object.keys(output)).toEqual(['enrollmentId', 'userId', 'baseUrl', 'identifier', 'issuer', 'name', 'totp', 'enrolledAt', 'recovery_code']);
    expect(folderText(home)).not.toContain(String(output.recovery_code));
    expect((await recoverWith(String(output.recovery_code))).status).toBe(200);
  }, TWO_RUNS_MS);

  it('a second device on an allow_multiple_enrollments ticket gets no recovery code, and says nothing of one', async () => {
    const first = await runCli(['device', 'enroll', (await pushTicket()).ticket_url, '--name', 'CLI'], server.tempDir('tessera-cli-home-')).exited;
    expect(first.code).toBe(0);
    const ticket = await pushTicket({ allow_multiple_enrollments: true });

    const second = await runCli(['device', 'enroll', ticket.ticket_url, '--name', 'CLI 2', '--json'], server.tempDir('tessera-cli-home-')).exited;
    expect({ code: second.code, stderr: second.stderr }).toEqual({ code: 0, stderr: '' });
    const output = JSON.parse(second.stdout) as Record<string, unknown>;
    expect(Object.keys(output)).toEqual(['enrollmentId', 'userId', 'baseUrl', 'identifier', 'issuer', 'name', 'totp', 'enrolledAt']);
    expect(output.name).toBe('CLI 2');
    expect(pushDevices()).toHaveLength(2);
  }, TWO_RUNS_MS);

  it('an /mfa/associate barcode_uri still enrolls as its transaction: its recovery code came with /mfa/associate, none is printed', async () => {
    const mfaToken = await loginForMfaToken(server, tenant.client, EMAIL);
    const association = expectOk(
      await server.call<{ barcode_uri: string; recovery_codes?: string[] }>('POST', '/mfa/associate', {
        bearer: mfaToken,
        json: { authenticator_types: ['oob'], oob_channels: ['auth0'] },
      }),
    );
    expect(association.recovery_codes).toEqual([expect.stringMatching(RECOVERY_CODE)]);

    const enrolled = await runCli(['device', 'enroll', association.barcode_uri, '--name', 'CLI', '--json'], server.tempDir('tessera-cli-home-')).exited;
    expect({ code: enrolled.code, stderr: enrolled.stderr }).toEqual({ code: 0, stderr: '' });
    // The associate QR code's label names who signs in; a ticket's QR code has none (above).
    expect(Object.keys(JSON.parse(enrolled.stdout) as object)).toEqual(['enrollmentId', 'userId', 'baseUrl', 'identifier', 'issuer', 'name', 'accountLabel', 'totp', 'enrolledAt']);
    expect(pushDevices()).toEqual([{ link_id: expect.stringMatching(LINK_ID), name: 'CLI' }]);
  }, TWO_RUNS_MS);

  it('a spent ticket: one clear line on stderr, exit 1, nothing printed or stored', async () => {
    const ticket = await pushTicket();
    const barcode = await pageBarcode(ticket.ticket_url);
    expect((await runCli(['device', 'enroll', barcode, '--name', 'CLI'], server.tempDir('tessera-cli-home-')).exited).code).toBe(0);

    const home = server.tempDir('tessera-cli-home-');
    for (const argument of [barcode, ticket.ticket_url]) {
      const spent = await runCli(['device', 'enroll', argument, '--name', 'CLI again'], home).exited;
      expect(spent).toEqual({ code: 1, stdout: '', stderr: SPENT });
    }
    // Only the installation's identifier: no key, no account.
    expect(readdirSync(home)).toEqual(['device.json']);
    expect(pushDevices()).toEqual([{ link_id: expect.stringMatching(LINK_ID), name: 'CLI' }]);
  }, TWO_RUNS_MS * 1.5);

});

// These never reach a server, so none is started for them.
describe('tessera device enroll before any server', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'tessera-cli-home-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('device enroll --help names the ticket forms', async () => {
    expect(await runCli(['device', 'enroll', '--help'], home).exited).toEqual({
      code: 0,
      stdout:
        'usage: tessera device enroll <barcode_uri | ticket_url> [--name N] [--json]\n\n' +
        "enroll for push: /mfa/associate's barcode_uri, or an enrollment ticket's QR code, ticket_url or tessera:// link " +
        "(a first enrollment's recovery code is printed once, never stored)\n",
      stderr: '',
    });
  });

  it.each([
    ['a web link that is not a ticket page', 'https://tessera.test/guardian/enroll', 'tessera: a web link must be an enrollment ticket page: {issuer}guardian/enroll?ticket=gten_…\n'],
    ['a tessera://enroll link without an issuer', 'tessera://enroll?ticket=gten_x', 'tessera: tessera://enroll needs a ticket and an http or https issuer: tessera://enroll?ticket=gten_…&issuer=…\n'],
  ])('refuses %s before contacting any server', async (_label, argument, stderr) => {
    expect(await runCli(['device', 'enroll', argument], home).exited).toEqual({ code: 1, stdout: '', stderr });
    expect(readdirSync(home)).toEqual([]);
  });
});
