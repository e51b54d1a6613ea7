import { execFileSync } from 'node:child_process';
import type { Locator, Page } from 'playwright-core';
import type { DesktopBridge } from '../helpers/desktop-bridge.js';

/**
 * Thirteen accounts as someone moving from Authy Desktop has them: common issuers (bundled marks),
 * a domain-only label, a company without a mark (monogram), 8-digit SHA256, Steam and an HOTP bank.
 */
export const ACCOUNTS = [
  { name: 'GitHub (octocat)', icon: 'github', uri: 'otpauth://totp/GitHub:octocat?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub' },
  { name: 'Google (ada.lovelace@gmail.com)', icon: 'google', uri: 'otpauth://totp/Google:ada.lovelace@gmail.com?secret=JBSWY3DPEHPK3PXP&issuer=Google' },
  { name: 'Microsoft (ada@outlook.com)', icon: 'microsoft', uri: 'otpauth://totp/Microsoft:ada@outlook.com?secret=KRSXG5CTMVRXEZLU&issuer=Microsoft' },
  { name: 'Amazon Web Services (ada@acme-prod)', icon: 'aws', uri: 'otpauth://totp/Amazon%20Web%20Services:ada@acme-prod?secret=MFRGGZDFMZTWQ2LK&issuer=Amazon%20Web%20Services' },
  { name: 'Dropbox (ada@example.com)', icon: 'dropbox', uri: 'otpauth://totp/Dropbox:ada@example.com?secret=ONSWG4TFOQFA4ZLY&issuer=Dropbox' },
  { name: 'Slack (ada@acme.com)', icon: 'slack', uri: 'otpauth://totp/Slack:ada@acme.com?secret=NBSWY3DPO5XXE3DE&issuer=Slack' },
  { name: 'Cloudflare (ops@acme.com)', icon: 'cloudflare', uri: 'otpauth://totp/Cloudflare:ops@acme.com?secret=GAYTEMZUGU3DOOBZ&issuer=Cloudflare' },
  { name: 'Steam (adalove)', icon: 'steam', uri: 'otpauth://totp/Steam:adalove?secret=63BEDWCQZKTQWPESARIERL5DTTQFCJTK&issuer=Steam' },
  { name: 'ACME Intranet (ada)', icon: 'monogram', uri: 'otpauth://totp/ACME%20Intranet:ada?secret=GEZDGNBVGY3TQOJQGEZDGNBV&issuer=ACME%20Intranet&algorithm=SHA256&digits=8' },
  { name: 'Proton (ada@proton.me)', icon: 'proton', uri: 'otpauth://totp/Proton:ada@proton.me?secret=KVKFKRCPNZQUYMLX&issuer=Proton' },
  { name: 'Discord (adalovelace)', icon: 'discord', uri: 'otpauth://totp/Discord:adalovelace?secret=JBSWY3DPEBLW64TMMQQQ&issuer=Discord' },
  { name: 'alice@gitlab.com', icon: 'gitlab', uri: 'otpauth://totp/alice@gitlab.com?secret=MNUGK4TSPEQHG33V' },
  { name: 'First Bank (ada)', icon: 'monogram', uri: 'otpauth://hotp/First%20Bank:ada?secret=GEZDGNBVGY3TQOJQ&issuer=First%20Bank&counter=0' },
] as const;

export const secretOf = (uri: string) => new URL(uri).searchParams.get('secret') ?? '';

export async function addAllAccounts(bridge: DesktopBridge): Promise<void> {
  for (const entry of ACCOUNTS) {
    const outcome = await bridge.desktop.handlers['vault:addUri'](entry.uri);
    if (!outcome.ok) throw new Error(`could not add ${entry.name}: ${outcome.error.message}`);
  }
}

/** The vault's own order of accounts, by name as the list labels them. */
export async function vaultNames(bridge: DesktopBridge): Promise<string[]> {
  const listed = await bridge.desktop.handlers['vault:list']();
  if (!listed.ok) throw new Error(listed.error.message);
  return [...listed.value].sort((a, b) => a.sortOrder - b.sortOrder).map((found) => (found.issuer ? `${found.issuer} (${found.label})` : found.label));
}

export const rows = (page: Page) => page.getByRole('list', { name: 'Accounts' }).getByRole('listitem');
export const row = (page: Page, name: string) => page.getByRole('listitem', { name, exact: true });
/** Page code as text (this Node project has no DOM types). */
const ROW_NAMES = `[...document.querySelectorAll('ul.accounts > li.account')].map((item) => item.getAttribute('aria-label'))`;
export const rowNames = (page: Page) => page.evaluate(ROW_NAMES) as Promise<string[]>;
export const digitsOf = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s/g, '');

/** RFC 4226 codes from oathtool, the independent oracle. */
export const oathtoolHotp = (secret: string, counter: number) => execFileSync('oathtool', ['-b', '-c', String(counter), secret], { encoding: 'utf8' }).trim();

/** Opens a section of the app from its navigation (Accounts, Add account, Settings…). */
export async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name }).click();
}

/** Adds an account from an otpauth:// URI through the Add account screen (the caller waits for what follows). */
export async function addFromUri(page: Page, uri: string): Promise<void> {
  await openTab(page, 'Add account');
  await page.getByLabel('otpauth:// URI').fill(uri);
  await page.getByRole('button', { name: 'Add from link' }).click();
}
