import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import jsQR from 'jsqr';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { PNG } from 'pngjs';
import { chromiumLaunchOptions, type BrowserRunContext } from './chromium.js';
import { fixedClock } from './clock.js';
import { buildConfiguredServer } from './configured-server.js';
import { ADMIN, type TestServer } from './server.js';
import { requestInit } from './http.js';
import { registerAfterFile } from '../setup/after-file.js';

/** Page code (as source text, for page.evaluate): inserts an inline <script> and reports whether the CSP let it run. */
export const INJECT_INLINE_SCRIPT = `(() => {
  const script = document.createElement('script');
  script.textContent = 'document.body.dataset.ran = "yes"';
  document.body.append(script);
  return document.body.dataset.ran ?? 'no';
})()`;

export { CHROMIUM_PATH } from './chromium.js';

/** Screenshots for a person to look at after a run; .gitignore'd. */
export const ARTIFACTS_DIR = resolve('test-artifacts', 'browser');

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface HttpTessera extends TestServer {
  /** `http://127.0.0.1:<port>/`: the issuer, and where Chromium connects. */
  issuer: string;
  /** A call over real HTTP; `json` bodies for the Management/MFA APIs, `form` for /oauth/token. */
  call(method: string, path: string, options?: { bearer?: string; json?: unknown; form?: Record<string, string> }): Promise<ApiResponse>;
  /** A Management API call with the bootstrap admin's client-credentials token. */
  management(method: string, path: string, json?: unknown): Promise<ApiResponse>;
}

async function listenHttp(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('listenHttp: no TCP address');
  return { server, port: address.port };
}

/**
 * Tessera served over plain HTTP on loopback. The socket listens first so the issuer can name the
 * OS-chosen port (tokens, audiences and ticket URLs all derive from it); requests then go straight
 * into Fastify's router. The clock is real time, frozen, so OTP codes are deterministic.
 */
export async function startHttpTessera(options: { outbox?: boolean } = {}): Promise<HttpTessera> {
  const { server, port } = await listenHttp();
  const issuer = `http://127.0.0.1:${port}/`;
  const tessera = await buildConfiguredServer({ issuer, clock: fixedClock(Date.now()), ...(options.outbox ? { outbox: true } : {}) });
  server.on('request', (req, res) => tessera.app.routing(req, res));

  const call: HttpTessera['call'] = async (method, path, options = {}) => {
    const response = await fetch(new URL(path, issuer), requestInit(method, options));
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };

  let adminToken: string | undefined;
  const management: HttpTessera['management'] = async (method, path, json) => {
    if (adminToken === undefined) {
      const token = await call('POST', '/oauth/token', {
        form: { grant_type: 'client_credentials', client_id: ADMIN.clientId, client_secret: ADMIN.clientSecret, audience: `${issuer}api/v2/` },
      });
      if (token.status !== 200) throw new Error(`management token: ${JSON.stringify(token.body)}`);
      adminToken = (token.body as { access_token: string }).access_token;
    }
    return call(method, path, { bearer: adminToken, json });
  };

  return {
    ...tessera,
    issuer,
    call,
    management,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await tessera.close();
    },
  };
}

export interface Chromium {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

interface SharedChromium {
  browser: Browser;
  /** The folder of a Chromium this file launched itself (none when it connected to the run's). */
  dir?: string;
}

/**
 * One Chromium per file, one fresh context per test: in the browser project the file connects to the
 * run's Chromium (test/setup/browser-run.ts), since a launch costs one to several seconds; elsewhere it
 * launches its own (about a second of CPU).
 */
let shared: Promise<SharedChromium> | undefined;

async function launchShared(): Promise<SharedChromium> {
  const run = inject('browserRun') as BrowserRunContext | undefined;
  if (run) return { browser: await chromium.connect(run.chromiumEndpoint) };
  const dir = mkdtempSync(join(tmpdir(), 'tessera-chromium-'));
  try {
    return { browser: await chromium.launch(chromiumLaunchOptions(dir)), dir };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Closes this file's Chromium (or, when connected, its contexts and the connection) and removes its
 * folder; test/setup/after-file.ts calls it after each file.
 */
async function closeSharedChromium(): Promise<void> {
  const current = shared;
  shared = undefined;
  if (!current) return;
  const { browser, dir } = await current;
  await browser.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
registerAfterFile(closeSharedChromium);

/**
 * A headless Chromium page in a new, empty browser context (no cookies, storage or permissions from
 * another test), on this file's one browser, whose config and cache are a throwaway folder (nothing
 * lands in HOME).
 */
export async function launchChromium(): Promise<Chromium> {
  shared ??= launchShared();
  const { browser } = await shared;
  const context = await browser.newContext({ viewport: { width: 800, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  return {
    context,
    page,
    async close() {
      await context.close();
    },
  };
}

/** Page errors, console errors and CSP violations: any of them fails the test that caused it. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return problems;
}

/** Page code: whether the document is taller or wider than the window (what a full-page capture would add). */
const OVERFLOWS_WINDOW = `(() => {
  const root = document.documentElement;
  const body = document.body ?? root;
  return Math.max(root.scrollHeight, body.scrollHeight) > innerHeight || Math.max(root.scrollWidth, body.scrollWidth) > innerWidth;
})()`;

/**
 * Saves a full-page screenshot as test-artifacts/browser/<name>.png. A page that fits the window is
 * captured as the window, the same picture: a full-page capture resizes the page's viewport and back,
 * two or three times the cost.
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const fullPage = (await page.evaluate(OVERFLOWS_WINDOW)) === true;
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage });
}

/** Decodes the QR code in a PNG (what a phone camera would read), with jsQR. */
export function decodeQr(png: Buffer): string {
  const image = PNG.sync.read(png);
  const result = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
  if (!result) throw new Error('no QR code found in the image');
  return result.data;
}
