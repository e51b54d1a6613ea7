import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium, saveScreenshot, type Chromium } from '../helpers/browser.js';
import { startDesktopBridge, type DesktopBridge } from '../helpers/desktop-bridge.js';
import { freePort } from '../helpers/process.js';
import { holdPort } from '../src-main/desktop/ports.js';

/** The Server screen drives the real embedded Tessera server: a port chosen in the UI, start, a real request, stop. */

const START_TIMEOUT_MS = 20_000;

async function openServerScreen(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Server' }).click();
}

async function savePort(page: Page, port: number): Promise<void> {
  await page.getByLabel('Port').fill(String(port));
  await page.getByRole('button', { name: 'Save port' }).click();
}

async function discoveryIssuer(url: string): Promise<string> {
  const response = await fetch(new URL('.well-known/openid-configuration', url));
  expect(response.status).toBe(200);
  return ((await response.json()) as { issuer: string }).issuer;
}

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

  it('moves the running server when the port is saved, and shows Failed when the new port is taken', async () => {
    const { page } = browser;
    const firstPort = await freePort();
    await page.goto(bridge.url);
    await openServerScreen(page);
    await savePort(page, firstPort);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByText('Running', { exact: true }).waitFor({ timeout: START_TIMEOUT_MS });

    const secondPort = await freePort();
    const url = `http://127.0.0.1:${secondPort}/`;
    await savePort(page, secondPort);
    await expect.poll(() => page.locator('.server-url').textContent(), { timeout: START_TIMEOUT_MS }).toBe(url);
    expect(await page.getByText('Running', { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText(`Port ${secondPort} on 127.0.0.1 (this computer only).`).isVisible()).toBe(true);
    expect(await discoveryIssuer(url)).toBe(url);
    await expect(fetch(`http://127.0.0.1:${firstPort}/`)).rejects.toThrow();

    const taken = await holdPort();
    try {
      await savePort(page, taken.port);
      await page.getByText('Failed', { exact: true }).waitFor({ timeout: START_TIMEOUT_MS });
      expect(await page.locator('.card p.error').textContent()).toBe(`Port ${taken.port} on 127.0.0.1 is already in use by another program: choose another port in Settings`);
      expect(await page.locator('.server-url').count()).toBe(0);
      await saveScreenshot(page, 'desktop-server-port-taken');
    } finally {
      await taken.release();
    }
    await expect(fetch(url)).rejects.toThrow();
  });
});
