import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { inject } from 'vitest';
import { registerAfterFile } from '../setup/after-file.js';
import { launchChromium, watchProblems, type Chromium } from './browser.js';
import type { BrowserRunContext } from './chromium.js';
import { startDesktopBridge, type DesktopBridge } from './desktop-bridge.js';
import { seedAdminTenant, type SeededPerson } from './admin-seed.js';
import { expectOk, startPushTessera, type PushTessera } from './push.js';
import { ADMIN, type TestClient } from './server.js';

export type { SeededPerson } from './admin-seed.js';

/** What the console's remote connection is called in the bar. */
export const TENANT_LABEL = 'Staff tenant';

export interface AdminConsole {
  /** A real Tessera on loopback HTTP, seeded (seedAdminTenant); `management` calls it as its bootstrap admin. */
  server: PushTessera;
  people: SeededPerson[];
  /** The seeded app people sign in to (password, then MFA). */
  client: TestClient;
  /** The desktop app's main process (its admin service included), the page's only way out. */
  bridge: DesktopBridge;
  browser: Chromium;
  page: Page;
  /** Page errors and console errors so far: a test expects none. */
  problems: string[];
  /** The bootstrap admin client the connection uses; its secret must never reach the page. */
  admin: { clientId: string; clientSecret: string };
  person(email: string): SeededPerson;
  /** Loads the app and opens Admin (and, by default, the Users screen of the connected tenant). */
  open(): Promise<void>;
  close(): Promise<void>;
}

export interface AdminConsoleOptions {
  /** Add the seeded server as the active remote connection before the page loads (default true). */
  connect?: boolean;
  /** The server's outgoing mail (an SMTP sink's URL), for email codes and test emails. */
  mail?: { smtpUrl: string; from: string };
}

/**
 * The admin console against a seeded tenant: a listening Tessera, the desktop bridge whose admin
 * service is connected to it as a remote connection (secret in the bridge's keyring store), and Chromium.
 */
/** `close` once: a test may stop the server itself (to show "unreachable"), and the fixture closes it after. */
function closingOnce(server: PushTessera): PushTessera {
  let closed: Promise<void> | undefined;
  return { ...server, close: () => (closed ??= server.close()) };
}

/** The seeded tenant's database, as seedAdminTenant left it, and what the tests need to know of it. */
interface SeededTemplate {
  dir: string;
  dataKey: Buffer;
  people: SeededPerson[];
  client: TestClient;
}

const TEMPLATE_DB = 'tessera.db';

/**
 * Seeding twelve people through the real APIs (logins, OTP and push enrollments, a locked push) costs
 * more than most tests that use them, and every test needs the same tenant: it is seeded once, copied
 * out of its server's database (VACUUM INTO: one consistent file), and each test then starts its own
 * server on its own copy, so no test sees another's changes. In the browser project a worker seeds once
 * for all its files, into the run's folder (test/setup/browser-run.ts); elsewhere once per file.
 */
async function seedTemplate(parent: string): Promise<SeededTemplate> {
  const server = await startPushTessera();
  try {
    const { people, client } = await seedAdminTenant(server);
    const dir = mkdtempSync(join(parent, 'tessera-admin-seed-'));
    const db = new Database(server.dbPath, { fileMustExist: true });
    try {
      db.prepare('VACUUM INTO ?').run(join(dir, TEMPLATE_DB));
    } finally {
      db.close();
    }
    return { dir, dataKey: server.dataKey, people, client };
  } finally {
    await server.close();
  }
}

let template: Promise<SeededTemplate> | undefined;

function seededTemplate(): Promise<SeededTemplate> {
  const run = inject('browserRun') as BrowserRunContext | undefined;
  template ??= seedTemplate(run?.runDir ?? tmpdir()).catch((error: unknown) => {
    template = undefined;
    throw error;
  });
  return template;
}

/** Removes a file's own seeded copy (one kept in the run's folder stays for the worker's next file); after-file.ts calls it. */
async function dropTemplate(): Promise<void> {
  if (inject('browserRun') as BrowserRunContext | undefined) return;
  const current = template;
  template = undefined;
  const seeded = await current?.catch(() => undefined);
  if (seeded) rmSync(seeded.dir, { recursive: true, force: true });
}
registerAfterFile(dropTemplate);

/** A listening Tessera on a fresh copy of this file's seeded tenant (the copy's folder goes when it closes). */
async function startSeededServer(mail?: AdminConsoleOptions['mail']): Promise<{ server: PushTessera; people: SeededPerson[]; client: TestClient }> {
  const seeded = await seededTemplate();
  const dbPath = join(mkdtempSync(join(tmpdir(), 'tessera-admin-')), TEMPLATE_DB);
  copyFileSync(join(seeded.dir, TEMPLATE_DB), dbPath);
  const server = await startPushTessera({ dbPath, dataKey: seeded.dataKey, ...(mail ? { mail } : {}) });
  // The bootstrap admin's token, taken now as seeding took it: a test's own Management calls then add no
  // token exchange to the log while its page shows it.
  expectOk(await server.management('GET', '/api/v2/guardian/factors'));
  return { server, people: structuredClone(seeded.people), client: structuredClone(seeded.client) };
}

export async function startAdminConsole(options: AdminConsoleOptions = {}): Promise<AdminConsole> {
  const { server: started, people, client } = await startSeededServer(options.mail);
  const server = closingOnce(started);
  let bridge: DesktopBridge | undefined;
  let browser: Chromium | undefined;
  try {
    bridge = await startDesktopBridge();
    if (options.connect ?? true) {
      const added = await bridge.desktop.handlers['admin:addRemoteConnection']({ baseUrl: server.issuer, clientId: ADMIN.clientId, clientSecret: ADMIN.clientSecret, label: TENANT_LABEL });
      if (!added.ok) throw new Error(`the console could not connect: ${added.error.message}`);
    }
    browser = await launchChromium();
    await bridge.attach(browser.context);
    const problems = watchProblems(browser.page);
    const opened = { bridge, browser };
    return {
      server,
      people,
      client,
      bridge,
      browser,
      page: browser.page,
      problems,
      admin: ADMIN,
      person(email) {
        const found = people.find((person) => person.email === email);
        if (!found) throw new Error(`no seeded person ${email}`);
        return found;
      },
      async open() {
        await opened.browser.page.goto(opened.bridge.url);
        await opened.browser.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Admin' }).click();
      },
      async close() {
        await opened.browser.close();
        await opened.bridge.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await bridge?.close();
    await server.close();
    throw error;
  }
}

/** The access tokens the admin service was issued, read from the token responses it received. */
export function issuedTokens(fixture: AdminConsole): string[] {
  const tokens: string[] = [];
  for (const body of fixture.bridge.adminServerBodies) {
    try {
      const parsed = JSON.parse(body) as { access_token?: unknown };
      if (typeof parsed.access_token === 'string') tokens.push(parsed.access_token);
    } catch {
      // Not JSON (a discovery page, an empty 204): no token in it.
    }
  }
  return tokens;
}

/**
 * Where the client secret or an issued token reached the page: every channel answer it received and
 * the page's DOM now. Empty when main kept them, as it must.
 */
export async function secretsSeenByPage(fixture: AdminConsole): Promise<string[]> {
  const secrets = [fixture.admin.clientSecret, ...issuedTokens(fixture)];
  const dom = await fixture.page.content();
  const seen = fixture.bridge.responses.flatMap(({ channel, body }) => secrets.filter((secret) => body.includes(secret)).map(() => `${channel} answer`));
  return [...seen, ...secrets.filter((secret) => dom.includes(secret)).map(() => 'the page')];
}
