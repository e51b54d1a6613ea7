import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { chromiumLaunchOptions } from '../helpers/chromium.js';

/**
 * Global setup of the `browser` project: one Chromium for the whole run, which each file connects to and
 * opens its own contexts on (a fresh context per test keeps tests apart, as before), and a run folder
 * for what a worker may keep between files. Both go when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runDir = mkdtempSync(join(tmpdir(), 'tessera-browser-run-'));
  try {
    const server = await chromium.launchServer(chromiumLaunchOptions(join(runDir, 'chromium')));
    project.provide('browserRun', { chromiumEndpoint: server.wsEndpoint(), runDir });
    return async function closeBrowserRun() {
      await server.close();
      rmSync(runDir, { recursive: true, force: true });
    };
  } catch (error) {
    rmSync(runDir, { recursive: true, force: true });
    throw error;
  }
}
