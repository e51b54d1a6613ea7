import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-main/security/csp';
import { launchChromium, saveScreenshot, watchProblems, type Chromium } from '../helpers/browser.js';
import { startDesktopBridge, type DesktopBridge } from '../helpers/desktop-bridge.js';
import { DECOY_URI, noisyScreenPng, WANTED_URI } from '../src-main/desktop/screen-fixtures.js';

/**
 * Selecting a screen area: the overlay page (out/renderer/overlay.html) in Chromium with a stub of its
 * preload API, driven with the mouse and the keyboard; and the Add screen's button against the real
 * main-process handlers over the test bridge, where the bridge plays the part of the overlays.
 */

/** The overlay's preload API as page source text: it records every call; `__regionAnswers` queues submit answers. */
const STUB_OVERLAY_API = `(() => {
  const calls = [];
  const answers = [];
  Object.defineProperty(window, '__regionCalls', { value: calls });
  Object.defineProperty(window, '__regionAnswers', { value: answers });
  Object.defineProperty(window, 'tesseraRegion', {
    enumerable: true,
    value: Object.freeze({
      submitRegion: async (region) => (calls.push(['submitRegion', JSON.parse(JSON.stringify(region))]), answers.length > 0 ? answers.shift() : true),
      cancel: async () => void calls.push(['cancel']),
    }),
  });
})()`;

const calls = (page: Page) => page.evaluate('window.__regionCalls') as Promise<unknown[]>;
const hint = (page: Page) => page.getByRole('status').textContent();

async function drag(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  await page.mouse.move(...from);
  await page.mouse.down();
  await page.mouse.move(...to, { steps: 8 });
  await page.mouse.up();
}


describe('selecting a screen area in Chromium', () => {
  let bridge: DesktopBridge;
  let browser: Chromium;
  let problems: string[];

  beforeAll(async () => {
    bridge = await startDesktopBridge();
  });
  afterAll(async () => {
    await bridge?.close();
  });
  beforeEach(async () => {
    browser = await launchChromium();
    problems = watchProblems(browser.page);
  });
  afterEach(async () => {
    await browser?.close();
    expect(problems).toEqual([]);
  });

  describe('the overlay page', () => {
    beforeEach(async () => {
      await browser.context.addInitScript(STUB_OVERLAY_API);
      const response = await browser.page.goto(`${bridge.origin}/overlay.html`);
      expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(await hint(browser.page)).toBe('Drag a rectangle around the QR code. Esc cancels.');
    });

    it('sends exactly the dragged rectangle in CSS px, and nothing else', async () => {
      const { page } = browser;
      await page.mouse.move(120, 140);
      await page.mouse.down();
      await page.mouse.move(360, 330, { steps: 8 });
      await expect(page.locator('#selection').boundingBox()).resolves.toEqual({ x: 120, y: 140, width: 240, height: 190 });
      await saveScreenshot(page, 'overlay-1-dragging');
      await page.mouse.up();

      await expect(calls(page)).resolves.toEqual([['submitRegion', { x: 120, y: 140, width: 240, height: 190 }]]);
      expect(await hint(page)).toBe('Reading the QR code…');
      // Taken: main closes the window; until then the page takes no second area.
      await drag(page, [10, 10], [200, 200]);
      await expect(calls(page)).resolves.toHaveLength(1);
      // The page holds no picture of the screen, and nothing to fetch one with.
      expect(await page.evaluate('[document.images.length, document.querySelectorAll("canvas, video").length, typeof window.tessera]')).toEqual([0, 0, 'undefined']);
    });

    it('normalises a drag up and to the left, and clamps it to the window', async () => {
      const { page } = browser;
      // Refused, so the page takes a second drag (after a taken area it waits to be closed).
      await page.evaluate('window.__regionAnswers.push(false)');
      await drag(page, [500, 400], [300, 250]);
      await expect.poll(() => hint(page)).toBe('That area could not be used. Drag again, or press Esc.');
      // The window is 800×900: a drag that leaves it ends at its edge.
      await drag(page, [700, 800], [950, 1100]);
      await expect(calls(page)).resolves.toEqual([
        ['submitRegion', { x: 300, y: 250, width: 200, height: 150 }],
        ['submitRegion', { x: 700, y: 800, width: 100, height: 100 }],
      ]);
    });

    it('lets the user drag again after a too-small area or one main refused', async () => {
      const { page } = browser;
      await drag(page, [100, 100], [110, 160]);
      expect(await hint(page)).toBe('That area is too small for a QR code. Drag around the whole code, or press Esc.');
      await expect(calls(page)).resolves.toEqual([]);

      await page.evaluate('window.__regionAnswers.push(false)');
      await drag(page, [100, 100], [200, 200]);
      await expect.poll(() => hint(page)).toBe('That area could not be used. Drag again, or press Esc.');
      await expect(page.locator('#selection').isHidden()).resolves.toBe(true);
      await drag(page, [50, 60], [250, 280]);
      await expect(calls(page)).resolves.toEqual([
        ['submitRegion', { x: 100, y: 100, width: 100, height: 100 }],
        ['submitRegion', { x: 50, y: 60, width: 200, height: 220 }],
      ]);
    });

    it('cancels on Escape, also in the middle of a drag', async () => {
      const { page } = browser;
      await page.mouse.move(100, 100);
      await page.mouse.down();
      await page.mouse.move(300, 300, { steps: 4 });
      await page.keyboard.press('Escape');
      await page.mouse.up();
      await expect(calls(page)).resolves.toEqual([['cancel']]);
    });
  });

  describe('the Add screen', () => {
    it('adds the code inside the selected area, says when there is none, and stays quiet on cancel', async () => {
      const { page } = browser;
      await bridge.attach(browser.context);
      // A 640×400 DIP display at 200 %, with the wanted code and a decoy.
      const png = await noisyScreenPng(1280, 800, [
        { uri: WANTED_URI, x: 820, y: 400, scale: 4 },
        { uri: DECOY_URI, x: 160, y: 120, scale: 4 },
      ]);
      const capture = { bounds: { x: 1280, y: -100, width: 640, height: 400 }, png: () => png };
      bridge.regionSelections.push({ capture, area: { x: 400, y: 190, width: 110, height: 110 } }, { capture, area: { x: 250, y: 30, width: 120, height: 120 } });

      await page.goto(bridge.url);
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Add account' }).click();
      const select = page.getByRole('button', { name: 'Select screen area' });
      await select.click();
      await expect(page.getByRole('status').filter({ hasText: 'Added' }).textContent()).resolves.toBe('Added 1 account from otpauth list: Wanted (ada@example.com).');
      await saveScreenshot(page, 'overlay-2-added-from-area');

      await select.click();
      await expect(page.getByRole('alert').textContent()).resolves.toBe('No QR code found in the selected area');

      // No selection left: the bridge answers as a cancelled one.
      await select.click();
      await expect.poll(() => page.getByRole('alert').count()).toBe(0);
      await expect(select.isEnabled()).resolves.toBe(true);
      await expect(page.getByRole('status').filter({ hasText: 'Added' }).count()).resolves.toBe(0);
      expect(bridge.calls.get('vault:addQrRegion')).toBe(3);
      expect(await bridge.desktop.handlers['vault:list']()).toMatchObject({ ok: true, value: [{ issuer: 'Wanted' }] });
    });
  });
});
