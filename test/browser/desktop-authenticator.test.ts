import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/security/csp';
import { createMemorySecretStore } from '../../src-main/vault';
import { INJECT_INLINE_SCRIPT, launchChromium, saveScreenshot, watchProblems, type Chromium } from '../helpers/browser.js';
import { fixedClock, type FixedClock } from '../helpers/clock.js';
import { addFromUri, openTab } from './authenticator-accounts.js';
import { startDesktopBridge, type DesktopBridge } from '../helpers/desktop-bridge.js';
import { oathtool } from '../helpers/server.js';

/**
 * The desktop authenticator's real renderer (out/renderer) in Chromium, with `window.tessera` backed
 * by the real main-process handlers over the test bridge. Codes are checked against oathtool; the
 * desktop runs on a fixed clock, so a code never turns over between reading it and checking it.
 */

const EXAMPLE = { secret: 'JBSWY3DPEHPK3PXP', uri: 'otpauth://totp/Example:ada@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example' };
const GITHUB = {
  secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
  uri: 'otpauth://totp/GitHub:octocat?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub&algorithm=SHA256&digits=8',
};
const STEAM_LIKE = { secret: 'KRSXG5CTMVRXEZLU', uri: 'otpauth://totp/Mastodon:ada@social.example?secret=KRSXG5CTMVRXEZLU&issuer=Mastodon' };
const HOTP = { secret: 'GEZDGNBVGY3TQOJQ', uri: 'otpauth://hotp/Bank:ada?secret=GEZDGNBVGY3TQOJQ&issuer=Bank&counter=0' };
const PASSCODE = '2468-tessera';
const BACKUP_PASSWORD = 'correct horse battery';
const KEYRING = 'Secret Service keyring (login)';

/*
 * Page code as source text: this Node project has no DOM types. Each reports what the CSP did.
 */
const FETCH_OTHER_ORIGIN = `new Promise((resolve) => {
  document.addEventListener('securitypolicyviolation', (event) => resolve(event.effectiveDirective), { once: true });
  fetch('http://127.0.0.2:9/').then(() => resolve('allowed'), () => undefined);
})`;

/** RFC 4226 codes from oathtool, the independent oracle. */
const oathtoolHotp = (secret: string, counter: number) => execFileSync('oathtool', ['-b', '-c', String(counter), secret], { encoding: 'utf8' }).trim();

/** "123 456" → "123456". */
const digitsOf = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s/g, '');
const account = (page: Page, name: string) => page.getByRole('listitem', { name });
const codeOf = (page: Page, name: string) => account(page, name).locator('output.code');
/** What main's change reaches on the page: a topic, then a refetch; allowed a few seconds on a busy machine. */
const live = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 5_000 });


/** A 1280×800 "screenshot" with a setup QR code somewhere on it, as desktopCapturer would hand main. */
async function screenshotWithQr(uri: string): Promise<Uint8Array> {
  const qr = PNG.sync.read(await QRCode.toBuffer(uri, { margin: 2, scale: 5 }));
  const screen = new PNG({ width: 1280, height: 800 });
  screen.data.fill(0xff);
  PNG.bitblt(qr, screen, 0, 0, qr.width, qr.height, 860, 240);
  return PNG.sync.write(screen);
}

/** Picks an action from a row's menu, as a user does. */
async function rowAction(page: Page, title: string, action: string) {
  await page.getByRole('button', { name: `Actions for ${title}` }).click();
  await page.getByRole('menu', { name: `Actions for ${title}` }).getByRole('menuitem', { name: action }).click();
}

describe('the desktop authenticator in Chromium', () => {
  let clock: FixedClock;
  let bridge: DesktopBridge;
  let browser: Chromium;
  let problems: string[];
  let scratch: string;

  beforeEach(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'tessera-desktop-test-'));
    clock = fixedClock(Date.UTC(2026, 10, 23, 12, 0, 5));
    bridge = await startDesktopBridge({ clock });
    browser = await launchChromium();
    await bridge.attach(browser.context);
    problems = watchProblems(browser.page);
  });
  afterEach(async () => {
    await browser?.close();
    await bridge?.close();
    rmSync(scratch, { recursive: true, force: true });
    expect(problems).toEqual([]);
  });

  it('adds accounts from an otpauth URI and a QR image, shows oathtool’s codes, copies, searches and reorders', async () => {
    const { page } = browser;
    // The page's own timers and Date, moved on by the test: the countdown runs in the page.
    await page.clock.install();
    const response = await page.goto(bridge.url);
    expect(response?.headers()['content-security-policy']).toContain("connect-src 'self'");
    await page.getByText('No accounts yet.').waitFor();
    // Held still from here: the page's seconds move only when the test moves them, however slow the machine.
    await page.clock.pauseAt(Date.now() + 1_000);

    await addFromUri(page, EXAMPLE.uri);
    await expect(page.getByRole('status').filter({ hasText: 'Added 1 account' }).textContent()).resolves.toMatch(/^Added 1 account from .+: Example \(ada@example\.com\)\.$/);

    const png = join(scratch, 'github-qr.png');
    writeFileSync(png, await QRCode.toBuffer(GITHUB.uri, { margin: 4, scale: 6 }));
    await page.locator('input[type=file]').setInputFiles(png);
    await page.getByRole('status').filter({ hasText: 'GitHub (octocat)' }).waitFor();
    await saveScreenshot(page, 'desktop-1-add-account');

    await openTab(page, 'Accounts');
    await codeOf(page, 'GitHub (octocat)').waitFor();
    expect(await digitsOf(codeOf(page, 'Example (ada@example.com)'))).toBe(oathtool(EXAMPLE.secret, clock.now()));
    expect(await digitsOf(codeOf(page, 'GitHub (octocat)'))).toBe(oathtool(GITHUB.secret, clock.now(), { algorithm: 'SHA256', digits: 8 }));
    expect(await codeOf(page, 'GitHub (octocat)').textContent()).toMatch(/^\d{4} \d{4}$/);
    // 12:00:05 is 5 s into a 30 s step.
    const ring = () => account(page, 'Example (ada@example.com)').locator('svg.ring').getAttribute('aria-label');
    expect(await ring()).toBe('25 seconds left');
    await saveScreenshot(page, 'desktop-2-accounts');

    // The seconds tick down in the page, without asking main.
    const codesAsked = bridge.calls.get('vault:codes');
    await page.clock.fastForward(5_000);
    await expect.poll(ring).toBe('20 seconds left');
    expect(bridge.calls.get('vault:codes')).toBe(codesAsked);

    // When the step ends, the page asks main for the next code, with nothing reloaded.
    clock.advance(25_000);
    const next = oathtool(EXAMPLE.secret, clock.now());
    await page.clock.fastForward(20_000);
    await expect.poll(() => digitsOf(codeOf(page, 'Example (ada@example.com)'))).toBe(next);
    await expect.poll(ring).toBe('30 seconds left');

    await account(page, 'Example (ada@example.com)').getByRole('button', { name: 'Copy code for Example' }).click();
    await expect(page.locator('.toast').textContent()).resolves.toMatch(/^Copied Example code, clears in (30|29) s$/);
    expect(bridge.clipboard.text).toBe(next);
    // The toast counts down in the page and leaves when the clipboard clears.
    await page.clock.fastForward(10_000);
    await expect.poll(() => page.locator('.toast').textContent()).toMatch(/^Copied Example code, clears in (20|19) s$/);
    await page.clock.fastForward(20_000);
    await expect.poll(() => page.locator('.toast').count()).toBe(0);

    await page.getByPlaceholder('Search issuer or account').fill('octo');
    await expect(page.getByRole('list', { name: 'Accounts' }).getByRole('listitem').allTextContents()).resolves.toEqual([expect.stringContaining('GitHub')]);
    await page.getByPlaceholder('Search issuer or account').fill('zzz');
    await page.getByText('No account matches “zzz”.').waitFor();
    await page.getByPlaceholder('Search issuer or account').fill('');

    const issuers = () => page.locator('.accounts .issuer').allTextContents();
    await expect(issuers()).resolves.toEqual(['Example', 'GitHub']);
    await rowAction(page, 'GitHub', 'Move up');
    await expect.poll(issuers).toEqual(['GitHub', 'Example']);
    await rowAction(page, 'Example', 'Pin to top');
    await expect.poll(issuers).toEqual(['Example', 'GitHub']);
    expect(await account(page, 'Example (ada@example.com)').getByRole('img', { name: 'Pinned' }).count()).toBe(1);
    expect(bridge.calls.get('lock:activity')).toBeGreaterThan(0);
  });

  it('runs under the app’s CSP: the bridge is same-origin, other origins and inline scripts are refused', async () => {
    const { page } = browser;
    const response = await page.goto(bridge.url);
    expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    await page.getByText('No accounts yet.').waitFor();
    expect(await page.evaluate('typeof window.tessera.getAppInfo')).toBe('function');
    expect(await page.evaluate('window.tessera.getAppInfo().then((info) => info.name)')).toBe('Tessera');
    expect(await page.evaluate(FETCH_OTHER_ORIGIN)).toBe('connect-src');
    expect(await page.evaluate(INJECT_INLINE_SCRIPT)).toBe('no');
    // The refusals (reported once per policy: the header and index.html's meta) are the only console errors.
    expect(problems.filter((problem) => !problem.includes('Content Security Policy'))).toEqual([]);
    expect(problems.length).toBeGreaterThanOrEqual(2);
    problems.length = 0;
  });

  it('adds accounts by scanning the screen and from a QR image on the clipboard', async () => {
    const { page } = browser;
    await page.goto(bridge.url);
    await openTab(page, 'Add account');

    await page.getByRole('button', { name: 'Scan screen' }).click();
    await page.getByRole('alert').filter({ hasText: /QR/i }).waitFor();

    bridge.screens.push(await screenshotWithQr(STEAM_LIKE.uri));
    await page.getByRole('button', { name: 'Scan screen' }).click();
    await page.getByRole('status').filter({ hasText: 'Mastodon (ada@social.example)' }).waitFor();

    bridge.clipboard.image = await QRCode.toBuffer(GITHUB.uri);
    await page.getByRole('button', { name: 'From clipboard' }).click();
    await page.getByRole('status').filter({ hasText: 'GitHub (octocat)' }).waitFor();

    await openTab(page, 'Accounts');
    expect(await digitsOf(codeOf(page, 'Mastodon (ada@social.example)'))).toBe(oathtool(STEAM_LIKE.secret, clock.now()));
    expect(await digitsOf(codeOf(page, 'GitHub (octocat)'))).toBe(oathtool(GITHUB.secret, clock.now(), { algorithm: 'SHA256', digits: 8 }));
  });

  it('hands out HOTP codes one by one with “Next code”', async () => {
    const { page } = browser;
    await page.goto(bridge.url);
    await addFromUri(page, HOTP.uri);
    await openTab(page, 'Accounts');
    await expect(account(page, 'Bank (ada)').locator('.code-empty').textContent()).resolves.toBe('Press “Next code”');
    expect(await account(page, 'Bank (ada)').locator('svg.ring').count()).toBe(0);

    await page.getByRole('button', { name: 'Next code for Bank' }).click();
    await expect.poll(() => digitsOf(codeOf(page, 'Bank (ada)'))).toBe(oathtoolHotp(HOTP.secret, 0));
    await page.getByRole('button', { name: 'Next code for Bank' }).click();
    await expect.poll(() => digitsOf(codeOf(page, 'Bank (ada)'))).toBe(oathtoolHotp(HOTP.secret, 1));
  });

  it('copies the HOTP code on show, and the counter advances once per code', async () => {
    const { page } = browser;
    const storedCounter = async () => {
      const listed = await bridge.desktop.handlers['vault:list']();
      return listed.ok ? listed.value.find((found) => found.kind === 'hotp')?.counter : listed.error.message;
    };
    const copies = () => bridge.calls.get('vault:copyCode') ?? 0;
    await page.goto(bridge.url);
    await addFromUri(page, HOTP.uri);
    await openTab(page, 'Accounts');

    // No code on show yet: Copy takes the next one and shows the code it copied.
    await page.getByRole('button', { name: 'Copy code for Bank' }).click();
    await expect.poll(() => digitsOf(codeOf(page, 'Bank (ada)'))).toBe(oathtoolHotp(HOTP.secret, 0));
    expect([bridge.clipboard.text, await storedCounter()]).toEqual([oathtoolHotp(HOTP.secret, 0), 1]);

    await page.getByRole('button', { name: 'Next code for Bank' }).click();
    await expect.poll(() => digitsOf(codeOf(page, 'Bank (ada)'))).toBe(oathtoolHotp(HOTP.secret, 1));
    for (const copy of [1, 2]) {
      const before = copies();
      await page.getByRole('button', { name: 'Copy code for Bank' }).click();
      await expect.poll(copies).toBe(before + 1);
      await page.getByRole('status').filter({ hasText: 'Copied Bank code' }).waitFor();
      const shown = await digitsOf(codeOf(page, 'Bank (ada)'));
      expect({ copy, shown, copied: bridge.clipboard.text, counter: await storedCounter() })
        .toEqual({ copy, shown: oathtoolHotp(HOTP.secret, 1), copied: oathtoolHotp(HOTP.secret, 1), counter: 2 });
    }
  });

  it('removes a lower row at once at 1100×720, with Undo in view; Escape closes its menu and keeps the account', async () => {
    const { page } = browser;
    const { handlers } = bridge.desktop;
    const services = Array.from({ length: 9 }, (_, index) => `Service${index + 1}`);
    for (const service of services) {
      expect(await handlers['vault:addUri'](`otpauth://totp/${service}:ada?secret=${EXAMPLE.secret}&issuer=${service}`)).toMatchObject({ ok: true });
    }
    await page.setViewportSize({ width: 1100, height: 720 });
    await page.goto(bridge.url);
    const last = account(page, 'Service9 (ada)');
    await last.scrollIntoViewIfNeeded();
    const actions = last.getByRole('button', { name: 'Actions for Service9' });
    await actions.click();
    const menu = page.getByRole('menu', { name: 'Actions for Service9' });
    const box = await menu.boundingBox();
    expect(box).not.toBeNull();
    expect({ top: box!.y >= 0, bottom: box!.y + box!.height <= 720 }).toEqual({ top: true, bottom: true });
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Actions for Service9');
    const listed = await handlers['vault:list']();
    expect(listed.ok && listed.value.map((found) => found.issuer)).toEqual(services);

    await rowAction(page, 'Service9', 'Remove');
    await expect.poll(() => page.locator('.accounts .issuer').allTextContents()).toEqual(services.slice(0, -1));
    const undo = page.getByRole('status').getByRole('button', { name: 'Undo' });
    const undoBox = await undo.boundingBox();
    expect(undoBox !== null && undoBox.y >= 0 && undoBox.y + undoBox.height <= 720).toBe(true);
    await saveScreenshot(page, 'desktop-8-remove-undo');
  });

  it('edits an account into a group, filters by group, and removes an account', async () => {
    const { page } = browser;
    await page.goto(bridge.url);
    await addFromUri(page, EXAMPLE.uri);
    await addFromUri(page, GITHUB.uri);
    await openTab(page, 'Accounts');

    await rowAction(page, 'GitHub', 'Edit');
    const editor = page.getByRole('form', { name: 'Edit GitHub' });
    await editor.getByLabel('Group').fill('Work');
    await editor.getByLabel('Account name').fill('octocat@work');
    await editor.getByRole('button', { name: 'Save' }).click();
    await account(page, 'GitHub (octocat@work)').waitFor();

    await page.getByRole('combobox', { name: 'Group' }).selectOption('Work');
    await expect.poll(() => page.locator('.accounts .issuer').allTextContents()).toEqual(['GitHub']);
    await saveScreenshot(page, 'desktop-6-group-filter');
    await page.getByRole('combobox', { name: 'Group' }).selectOption('');

    await rowAction(page, 'Example', 'Remove');
    await expect.poll(() => page.locator('.accounts .issuer').allTextContents()).toEqual(['GitHub']);
  });

  it('exports an encrypted backup through the save dialog and imports it back', async () => {
    const { page } = browser;
    await page.goto(bridge.url);
    await addFromUri(page, EXAMPLE.uri);

    await openTab(page, 'Settings');
    await page.getByLabel('Backup password').fill(BACKUP_PASSWORD);
    await page.getByRole('button', { name: 'Export encrypted backup…' }).click();
    const saved = join(bridge.saveDir, 'tessera-backup.json');
    await page.getByRole('status').filter({ hasText: `Saved 1 account to ${saved}.` }).waitFor();
    expect(existsSync(saved)).toBe(true);
    expect(readFileSync(saved, 'utf8')).not.toContain(EXAMPLE.secret);

    await openTab(page, 'Accounts');
    await rowAction(page, 'Example', 'Remove');
    await page.getByText('No accounts yet.').waitFor();

    await openTab(page, 'Settings');
    bridge.openPath = saved;
    await page.getByLabel('Password of the file').fill('not the password');
    await page.getByRole('button', { name: 'Import from file…' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('Password of the file').fill(BACKUP_PASSWORD);
    await page.getByRole('button', { name: 'Import from file…' }).click();
    await page.getByRole('status').filter({ hasText: 'Example (ada@example.com)' }).waitFor();

    await openTab(page, 'Accounts');
    expect(await digitsOf(codeOf(page, 'Example (ada@example.com)'))).toBe(oathtool(EXAMPLE.secret, clock.now()));
  });

  it('previews a typed secret live, refuses an invalid one, and adds it', async () => {
    const { page } = browser;
    await page.goto(bridge.url);
    await openTab(page, 'Add account');
    const add = page.getByRole('button', { name: 'Add account', exact: true }).last();
    await page.getByLabel('Issuer').fill('Typed');
    await page.getByLabel('Account', { exact: true }).fill('me@example.com');
    await page.getByLabel('Secret key (Base32)').fill('not base32!');
    await page.locator('.preview .invalid').waitFor();
    expect(await add.isDisabled()).toBe(true);

    await page.getByLabel('Secret key (Base32)').fill('jbsw y3dp ehpk 3pxp');
    await page.locator('.preview output.code').waitFor();
    expect(await digitsOf(page.locator('.preview output.code'))).toBe(oathtool(EXAMPLE.secret, clock.now()));
    await saveScreenshot(page, 'desktop-3-manual-preview');
    await add.click();
    await page.getByRole('status').filter({ hasText: 'Added Typed (me@example.com).' }).first().waitFor();

    await openTab(page, 'Accounts');
    expect(await digitsOf(codeOf(page, 'Typed (me@example.com)'))).toBe(oathtool(EXAMPLE.secret, clock.now()));
  });

  it('previews a Steam Guard secret with Steam’s five characters, the code the added account shows', async () => {
    // KeePassXC's testSteamTotp vector (test/src-main/vault/otp-code.test.ts): 12 s before the step ends.
    clock.set(1_511_200_518_000);
    const { page } = browser;
    await page.goto(bridge.url);
    await openTab(page, 'Add account');
    await page.getByLabel('Issuer').fill('Steam');
    await page.getByLabel('Account', { exact: true }).fill('gamer');
    await page.getByLabel('Type').selectOption('steam');
    await page.getByLabel('Secret key (Base32)').fill('63BE DWCQ ZKTQ WPES ARIE RL5D TTQF CJTK');
    // Main computes 12 s left on its fixed clock; the page counts down from there in its own time.
    await expect.poll(() => page.locator('.preview').textContent()).toMatch(/^Preview: FR8RV \((1[0-2]|[1-9])s left\)$/);
    expect(await page.getByLabel('Digits').inputValue()).toBe('5');
    expect(await page.getByLabel('Digits').isDisabled()).toBe(true);
    await saveScreenshot(page, 'desktop-7-steam-preview');
    await page.getByRole('button', { name: 'Add account', exact: true }).last().click();
    await page.getByRole('status').filter({ hasText: 'Added Steam (gamer).' }).first().waitFor();

    await openTab(page, 'Accounts');
    expect(await codeOf(page, 'Steam (gamer)').textContent()).toBe('FR8RV');
  });

  it('exports a plain otpauth list and pastes it into a fresh vault, which then shows the same codes', async () => {
    const { page } = browser;
    await page.goto(bridge.url);
    for (const entry of [EXAMPLE, GITHUB, HOTP]) await addFromUri(page, entry.uri);
    await openTab(page, 'Settings');
    await page.getByRole('button', { name: 'Export plain (otpauth list)…' }).click();
    await page.getByRole('button', { name: 'Yes, export unencrypted' }).click();
    const saved = join(bridge.saveDir, 'tessera-accounts.txt');
    await page.getByRole('status').filter({ hasText: `Saved 3 accounts to ${saved}.` }).waitFor();
    const exported = readFileSync(saved, 'utf8');
    expect(exported.trim().split('\n').map((line) => line.slice(0, 15))).toEqual(['otpauth://totp/', 'otpauth://totp/', 'otpauth://hotp/']);
    await openTab(page, 'Accounts');
    const before = { example: await digitsOf(codeOf(page, 'Example (ada@example.com)')), github: await digitsOf(codeOf(page, 'GitHub (octocat)')) };

    // Another computer: an empty data folder and keychain, its own window, the same time.
    const fresh = await startDesktopBridge({ clock, secretStore: createMemorySecretStore() });
    const other = await launchChromium();
    try {
      await fresh.attach(other.context);
      const otherProblems = watchProblems(other.page);
      await other.page.goto(fresh.url);
      await other.page.getByText('No accounts yet.').waitFor();
      await openTab(other.page, 'Settings');
      await other.page.getByLabel('Or paste an export').fill(exported);
      await other.page.getByRole('button', { name: 'Import pasted text' }).click();
      await other.page.getByRole('status').filter({ hasText: /^Added 3 accounts from / }).waitFor();
      await openTab(other.page, 'Accounts');
      await codeOf(other.page, 'GitHub (octocat)').waitFor();
      expect({ example: await digitsOf(codeOf(other.page, 'Example (ada@example.com)')), github: await digitsOf(codeOf(other.page, 'GitHub (octocat)')) }).toEqual(before);
      expect(before).toEqual({ example: oathtool(EXAMPLE.secret, clock.now()), github: oathtool(GITHUB.secret, clock.now(), { algorithm: 'SHA256', digits: 8 }) });
      await other.page.getByRole('button', { name: 'Next code for Bank' }).click();
      await expect.poll(() => digitsOf(codeOf(other.page, 'Bank (ada)'))).toBe(oathtoolHotp(HOTP.secret, 0));
      expect(otherProblems).toEqual([]);
    } finally {
      await other.close();
      await fresh.close();
    }
  });

  it('hides codes until revealed, sets a passcode, locks by hand and on OS lock, and unlocks', async () => {
    const { page } = browser;
    await page.goto(bridge.url);
    await addFromUri(page, EXAMPLE.uri);

    await openTab(page, 'Settings');
    await page.getByLabel('Hide codes until I reveal them').check();
    await openTab(page, 'Accounts');
    await expect(codeOf(page, 'Example (ada@example.com)').textContent()).resolves.toBe('••• •••');
    await page.getByRole('button', { name: 'Reveal code for Example' }).click();
    expect(await digitsOf(codeOf(page, 'Example (ada@example.com)'))).toBe(oathtool(EXAMPLE.secret, clock.now()));

    await openTab(page, 'Settings');
    await page.getByLabel('New passcode', { exact: true }).fill(PASSCODE);
    await page.getByLabel('Repeat new passcode').fill(PASSCODE);
    await page.getByRole('button', { name: 'Set passcode' }).click();
    await page.getByRole('status').filter({ hasText: 'Passcode set.' }).waitFor();

    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: 'Tessera is locked' }).waitFor();
    expect(await page.locator('output.code').count()).toBe(0);
    await saveScreenshot(page, 'desktop-4-locked');

    await page.getByLabel('Passcode').fill('wrong-passcode');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('heading', { name: 'Tessera is locked' }).isVisible()).toBe(true);

    await page.getByLabel('Passcode').fill(PASSCODE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await codeOf(page, 'Example (ada@example.com)').waitFor();

    // The OS locking the screen locks Tessera too (lockOnOsLock defaults on); main tells the page at once.
    bridge.lockScreen();
    await page.getByRole('heading', { name: 'Tessera is locked' }).waitFor();
    await page.getByLabel('Passcode').fill(PASSCODE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await codeOf(page, 'Example (ada@example.com)').waitFor();
  });

  it('applies a settings change made outside the page to the open Accounts, Settings and Server screens at once', async () => {
    const { page } = browser;
    const { handlers } = bridge.desktop;
    await page.goto(bridge.url);
    await addFromUri(page, EXAMPLE.uri);
    await addFromUri(page, GITHUB.uri);
    await openTab(page, 'Accounts');
    const code = codeOf(page, 'Example (ada@example.com)');
    const digits = oathtool(EXAMPLE.secret, clock.now());
    await live(() => digitsOf(code)).toBe(digits);

    // Main saves it (as the tray or another window would): the open list hides and shows its codes, unasked.
    const hideCodes = async (hide: boolean) => expect(await handlers['settings:update']({ hideCodes: hide })).toMatchObject({ ok: true, value: { hideCodes: hide } });
    await hideCodes(true);
    await live(() => code.textContent()).toBe('••• •••');
    await hideCodes(false);
    await live(() => digitsOf(code)).toBe(digits);
    await hideCodes(true);
    await live(() => code.textContent()).toBe('••• •••');
    // Hiding turned on again hides a code revealed before, too (GitHub's Reveal going shows the page saw "off").
    await account(page, 'Example (ada@example.com)').getByRole('button', { name: 'Reveal code for Example' }).click();
    await live(() => digitsOf(code)).toBe(digits);
    const revealButtons = page.getByRole('button', { name: /^Reveal code for / });
    expect(await revealButtons.count()).toBe(1);
    await hideCodes(false);
    await live(() => revealButtons.count()).toBe(0);
    await hideCodes(true);
    await live(() => code.textContent()).toBe('••• •••');
    expect(await revealButtons.count()).toBe(2);

    await openTab(page, 'Settings');
    const hide = page.getByLabel('Hide codes until I reveal them');
    await live(() => hide.isChecked()).toBe(true);
    const clearAfter = page.getByLabel('Clear copied codes from the clipboard after (seconds)');
    expect(await handlers['settings:update']({ hideCodes: false, clipboardClearSeconds: 45 })).toMatchObject({ ok: true });
    await live(() => hide.isChecked()).toBe(false);
    await live(() => clearAfter.inputValue()).toBe('45');

    await openTab(page, 'Server');
    const port = page.getByLabel('Port (loopback only; a running server moves to it)');
    await live(() => port.inputValue()).toBe('3000');
    expect(await handlers['settings:update']({ serverPort: 3999 })).toMatchObject({ ok: true });
    await live(() => port.inputValue()).toBe('3999');
  });
});

describe('the desktop authenticator with the keyring unavailable', () => {
  interface LockedKeyring {
    bridge: DesktopBridge;
    store: ReturnType<typeof createMemorySecretStore>;
    page: Page;
    problems: string[];
  }

  /** A vault holding EXAMPLE, reopened with its keyring locked, and the page attached but not yet opened. */
  async function withLockedKeyring(test: (setup: LockedKeyring) => Promise<void>): Promise<void> {
    const scratch = mkdtempSync(join(tmpdir(), 'tessera-desktop-keyring-'));
    const dataDir = join(scratch, 'data');
    const store = createMemorySecretStore(KEYRING);
    const first = await startDesktopBridge({ dataDir, secretStore: store });
    expect((await first.desktop.handlers['vault:addUri'](EXAMPLE.uri)).ok).toBe(true);
    await first.close();

    store.locked = true;
    const bridge = await startDesktopBridge({ dataDir, secretStore: store });
    const browser = await launchChromium();
    try {
      await bridge.attach(browser.context);
      await test({ bridge, store, page: browser.page, problems: watchProblems(browser.page) });
    } finally {
      await browser.close();
      await bridge.close();
      rmSync(scratch, { recursive: true, force: true });
    }
  }

  it('explains which keyring to unlock instead of showing an empty list, and Retry opens the accounts', async () => {
    await withLockedKeyring(async ({ bridge, store, page, problems }) => {
      await page.goto(bridge.url);
      await page.getByRole('heading', { name: 'Tessera cannot open your accounts' }).waitFor();
      expect(await page.locator('.keyring-name').textContent()).toBe(KEYRING);
      expect(await page.getByRole('alert').textContent()).toContain(`Unlock the ${KEYRING}`);
      expect(await page.getByText('No accounts yet.').count()).toBe(0);
      expect(await page.getByRole('navigation').count()).toBe(0);
      await saveScreenshot(page, 'desktop-5-keyring-unavailable');

      // Still locked: Retry keeps the explanation.
      const asked = bridge.calls.get('vault:status') ?? 0;
      await page.getByRole('button', { name: 'Retry', exact: true }).click();
      await expect.poll(() => bridge.calls.get('vault:status') ?? 0).toBeGreaterThan(asked);
      await page.getByRole('button', { name: 'Retry', exact: true }).waitFor();
      expect(await page.getByRole('heading', { name: 'Tessera cannot open your accounts' }).isVisible()).toBe(true);

      store.locked = false;
      await page.getByRole('button', { name: 'Retry', exact: true }).click();
      await codeOf(page, 'Example (ada@example.com)').waitFor();
      expect(problems).toEqual([]);
    });
  });

  it('opens the accounts by itself once the keyring is unlocked, with no Retry, and stops asking then', async () => {
    await withLockedKeyring(async ({ bridge, store, page, problems }) => {
      // The page's timers, moved on by the test: the screen asks again every KEYRING_RETRY_MS (5 s).
      await page.clock.install();
      await page.goto(bridge.url);
      await page.getByRole('heading', { name: 'Tessera cannot open your accounts' }).waitFor();
      const statusAsked = () => bridge.calls.get('vault:status') ?? 0;
      // Once the change stream has opened (the bridge then reports every topic once), nothing asks unprompted.
      await new Promise((done) => setTimeout(done, 500));
      const before = statusAsked();
      await new Promise((done) => setTimeout(done, 300));
      expect(statusAsked()).toBe(before);

      // Still locked: a quiet retry keeps the explanation, and nothing was pressed.
      await page.clock.fastForward(5_000);
      await live(statusAsked).toBe(before + 1);
      expect(await page.getByRole('heading', { name: 'Tessera cannot open your accounts' }).isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Retry', exact: true }).isEnabled()).toBe(true);

      // The user unlocks the keyring elsewhere; the next retry opens the accounts.
      store.locked = false;
      await page.clock.fastForward(5_000);
      await codeOf(page, 'Example (ada@example.com)').waitFor();
      expect(await page.getByRole('heading', { name: 'Tessera cannot open your accounts' }).count()).toBe(0);

      // Off the keyring screen, nothing retries.
      const opened = statusAsked();
      await page.clock.fastForward(30_000);
      await new Promise((done) => setTimeout(done, 300));
      expect(statusAsked()).toBe(opened);
      expect(problems).toEqual([]);
    });
  });
});
