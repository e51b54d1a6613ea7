import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot, type Chromium } from '../helpers/browser.js';
import { startDesktopBridge, type DesktopBridge } from '../helpers/desktop-bridge.js';
import { freePort } from '../helpers/process.js';

/** The Server screen drives the real embedded Tessera server: a port chosen in the UI, start, a real request, stop. */

const START_TIMEOUT_MS = 20_000;

describe('the Server screen', () => {
  let bridge: DesktopBridge;
  let browser: Chromium;

  beforeEach(async () => {
    bridge = await startDesktopBridge();
    browser = await launchChromium();
    await bridge.attach(browser.context);
  });
  afterEach(async () => {
    await browser?.close();
    await bridge?.close();
  });

  it('starts the embedded server on the port set in the UI, which then answers over HTTP, and stops it', async () => {
    const { page } = browser;
    const port = await freePort();
    await page.goto(bridge.url);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Server' }).click();
    await page.getByText('Stopped', { exact: true }).waitFor();

    await page.getByLabel('Port').fill(String(port));
    await page.getByRole('button', { name: 'Save port' }).click();
    await page.getByText(`Port ${port} on 127.0.0.1 (this computer only).`).waitFor();

    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByText('Running', { exact: true }).waitFor({ timeout: START_TIMEOUT_MS });
    const url = `http://127.0.0.1:${port}/`;
    expect(await page.locator('.server-url').textContent()).toBe(url);
    const discovery = await fetch(new URL('.well-known/openid-configuration', url));
    expect(discovery.status).toBe(200);
    expect(((await discovery.json()) as { issuer: string }).issuer).toBe(url);
    await saveScreenshot(page, 'desktop-server-running');

    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByText('Stopped', { exact: true }).waitFor();
    await expect(fetch(url)).rejects.toThrow();
  });
});
