import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { TEST_DESKTOP_KDF } from '../../helpers/test-crypto.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDesktop, type Desktop, type DesktopDeps } from '../../../src-main/desktop/desktop';
import { createMemorySecretStore } from '../../../src-main/vault';
import type { IpcOutcome, PushRequestView } from '../../../src-main/ipc/contract';
import { withTimeout } from '../../helpers/push.js';
import { fakeAdapters, type FakeAdapters } from './fake-adapters';
import { registerAfterEach } from '../../setup/after-file.js';

export interface DesktopFixture {
  desktop: Desktop;
  adapters: FakeAdapters;
  secretStore: ReturnType<typeof createMemorySecretStore>;
  dataDir: string;
  /** A second app start on the same data dir and keychain (the first is closed). */
  restart(): Promise<DesktopFixture>;
}

const opened = new Set<Desktop>();
const dirs: string[] = [];

// Through the setup file, so it runs after each test of every file, also where files share this module.
registerAfterEach(async () => {
  for (const desktop of opened) await desktop.close();
  opened.clear();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** createDesktop on a temp data dir with an in-memory keychain and fake Electron; closed after each test. */
export async function startDesktop(options: Partial<DesktopDeps> & { secretStore?: ReturnType<typeof createMemorySecretStore> } = {}): Promise<DesktopFixture> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tessera-desktop-'));
  if (!options.dataDir) dirs.push(dataDir);
  const secretStore = options.secretStore ?? createMemorySecretStore('test keyring');
  const adapters = (options.adapters as FakeAdapters | undefined) ?? fakeAdapters();
  const desktop = await createDesktop({ kdf: TEST_DESKTOP_KDF, ...options, dataDir, secretStore, adapters });
  opened.add(desktop);
  return {
    desktop,
    adapters,
    secretStore,
    dataDir,
    async restart() {
      await desktop.close();
      opened.delete(desktop);
      return startDesktop({ ...options, dataDir, secretStore, adapters: fakeAdapters() });
    },
  };
}

/** The value of a successful outcome; fails the test with the error otherwise. */
export function valueOf<T>(outcome: IpcOutcome<T>): T {
  if (!outcome.ok) throw new Error(`expected ok, got ${JSON.stringify(outcome.error)}`);
  return outcome.value;
}

/** Polls push:pending until a request shows (the stream delivers it asynchronously). */
export async function nextPending(fixture: DesktopFixture): Promise<PushRequestView> {
  return withTimeout((async () => {
    for (;;) {
      const [first] = valueOf(await fixture.desktop.handlers['push:pending']());
      if (first) return first;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })(), 5_000, 'no push request in push:pending');
}

/** Every file under `dir`, as text: for scans that a secret is nowhere on disk. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'));
}
