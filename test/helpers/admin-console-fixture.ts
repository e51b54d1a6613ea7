import { expect, it as base } from 'vitest';
import { startAdminConsole, type AdminConsole, type AdminConsoleOptions } from './admin-console.js';

/**
 * A bound for starting one console on a busy 2-core machine: the first test of a file also seeds the
 * file's tenant (admin-console.ts). A test's own timeout adds this, since the fixture starts inside it.
 */
export const CONSOLE_START_MS = 240_000;

export interface AdminConsoleFixtures {
  /** How the console starts; a describe changes it with `it.override({ consoleOptions: … })`. */
  consoleOptions: AdminConsoleOptions;
  /** A console of its own for each test that names it, on a fresh copy of the file's seeded tenant. */
  fixture: AdminConsole;
}

/**
 * `it` with the admin console as a test fixture (https://vitest.dev/guide/test-context#extend-test-context):
 * after the test, the page must have logged no problem, and the console closes whatever happened.
 */
export const it = base.extend<AdminConsoleFixtures>({
  consoleOptions: {},
  fixture: async ({ consoleOptions }, use) => {
    const fixture = await startAdminConsole(consoleOptions);
    try {
      await use(fixture);
      expect(fixture.problems).toEqual([]);
    } finally {
      await fixture.close();
    }
  },
});
