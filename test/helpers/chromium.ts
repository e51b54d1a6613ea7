import { join } from 'node:path';
import type { LaunchOptions } from 'playwright-core';

/** Debian's `chromium` (apt); playwright-core never downloads a browser here (ENVIRONMENT.md). */
export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** How every test Chromium starts: its config and cache go to `dir` (a throwaway folder), never HOME. */
export function chromiumLaunchOptions(dir: string): LaunchOptions {
  return {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, XDG_CONFIG_HOME: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache') },
  };
}

/** What test/setup/browser-run.ts hands the browser project's files (`inject`). */
export interface BrowserRunContext {
  /** The run's one Chromium (`chromium.connect`): a launch costs one to several seconds, once instead of once per file. */
  chromiumEndpoint: string;
  /** A folder removed when the run ends: what a worker keeps from one file to the next (the seeded admin tenant). */
  runDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    browserRun: BrowserRunContext;
  }
}
