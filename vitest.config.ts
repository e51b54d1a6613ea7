import { defineConfig } from 'vitest/config';

// Files under test/server and test/contract that must still get a fresh module graph: vi.mock of a
// built-in cannot be undone for the files that follow it in a shared worker.
const NEEDS_ISOLATION = ['test/server/crypto/passwords.test.ts'];
// Files that need a PostgreSQL server: their own project, so only a run that includes one of them pays
// for starting the server (test/setup/postgres.ts).
const NEEDS_POSTGRES = ['test/server/postgres/**/*.test.ts'];
// The src-main files that vi.mock('electron'): each keeps a fresh module graph (project isolated). The
// rest of src-main's tests mock no module, so they share one (project main).
const MOCKS_ELECTRON = [
  'test/src-main/desktop/push-enroll-ticket.test.ts',
  'test/src-main/desktop/electron-*.test.ts',
  'test/src-main/preload/*.test.ts',
  'test/src-main/ipc/register.test.ts',
];
// The server suite runs on both stores: `server` builds its servers on SQLite, `server-postgres` the same
// files on a PostgreSQL server of its own (TESSERA_TEST_STORE, read by test/helpers/test-engine.ts).
const SERVER_FILES = ['test/server/**/*.test.ts', 'test/contract/**/*.test.ts'];
// Files about SQLite itself (kill -9 of a server process on its data folder, the SQLite store's own
// repository and transaction tests) and `npm run server`'s launcher: nothing in them reads
// TESSERA_TEST_STORE, so a PostgreSQL pass would run them again unchanged.
const SQLITE_ONLY = [
  'test/server/crash.test.ts', 'test/server/log-streams/crash-delivery.test.ts', 'test/server/store/sqlite-*.test.ts', 'test/server/run-server.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    // Real HTTP round trips, child processes and production-cost scrypt in a few cases take a while.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker per core minus one: a single worker on the 2-core CI machine, which
    // left a core idle while browser, CLI and process tests wait on their child processes and timers.
    maxWorkers: 2,
    // The server and the CLI run from their JavaScript build (out/node/), as `npm run server` and the bin do.
    globalSetup: ['test/global-setup.ts'],
    // Runs the clean-ups helpers register for after each file (test/setup/after-file.ts).
    setupFiles: ['test/setup/after-file.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: SERVER_FILES,
          exclude: [...NEEDS_ISOLATION, ...NEEDS_POSTGRES],
          env: { TESSERA_TEST_STORE: 'sqlite' },
          // Each case builds its own server, store and clock, and server/ keeps no mutable module state
          // (only caches of compiled schemas): sharing the module graph between files saves re-importing
          // Fastify, Ajv and the routes for every file, about a third of the server tests' CPU time.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'server-postgres',
          include: SERVER_FILES,
          exclude: [...NEEDS_ISOLATION, ...NEEDS_POSTGRES, ...SQLITE_ONLY],
          env: { TESSERA_TEST_STORE: 'postgres' },
          // As the postgres project: one PostgreSQL server for the project's run, a migrated template to copy.
          globalSetup: ['test/setup/postgres.ts'],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: NEEDS_POSTGRES,
          // One PostgreSQL server per run, a fresh database per file (test/helpers/postgres.ts).
          globalSetup: ['test/setup/postgres.ts'],
          // As the server project: nothing here mocks a module, and each file makes its own database.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          // One Chromium for the run, which every file connects to, and a folder a worker keeps between files.
          globalSetup: ['test/setup/browser-run.ts'],
          // These drive real processes (Chromium, servers, the CLI) and mock no module: each builds its own
          // desktop bridge, server and browser context, and test/setup/after-file.ts closes the file's
          // Chromium. Sharing the module graph saves re-importing the desktop, the server and
          // playwright-core for every file.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'main',
          include: ['test/src-main/**/*.test.ts'],
          exclude: MOCKS_ELECTRON,
          // These mock no module, restore their spies and fake timers after each test, and close what they
          // open (helpers' per-test clean-ups run from test/setup/after-file.ts, which every file re-runs):
          // sharing the module graph saves a fresh fork and a re-import of src-main (and, for the push and
          // admin tests, the server) for each of some eighty files.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          // Files that mock a module (electron, a built-in): a fresh module graph each.
          include: [...MOCKS_ELECTRON, ...NEEDS_ISOLATION],
        },
      },
    ],
  },
});
