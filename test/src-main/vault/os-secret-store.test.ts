import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createOsSecretStore } from '../../../src-main/vault';
import { keyringGate } from './keyring-gate';

const KEYRING = 'Secret Service keyring (login)';
const NO_BUS_WORKER = path.join(import.meta.dirname, 'no-bus-worker.ts');
const run = promisify(execFile);
const gate = keyringGate();

/** What libsecret's secret-tool (an independent client) finds under these attributes; null when nothing. */
function lookup(service: string, attribute: 'account' | 'username', account: string): string | null {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', service, attribute, account], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

/** Writes an item as keytar did: libsecret's generic schema, attributes `service` and `account`. */
function storeTheKeytarWay(service: string, account: string, secret: string): void {
  execFileSync('secret-tool', ['store', `--label=Password for ${account} on ${service}`, 'service', service, 'account', account], { input: secret });
}

/** A service name of its own per test: other test files share this keyring at the same time. */
const ownService = () => `Tessera Test ${randomUUID()}`;

describe.runIf(process.platform === 'linux')('the OS secret store without a D-Bus session', () => {
  it('is "unreachable" in one line, never an empty answer from the in-memory kernel keyring', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    delete env.DISPLAY;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', NO_BUS_WORKER], { env });
    const detail = 'Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead';
    expect(JSON.parse(stdout)).toEqual({
      name: 'KeyringUnavailableError', keyring: KEYRING, problem: 'unreachable', detail,
      message: `The ${KEYRING} is unreachable (${detail}): start or unlock it and retry`,
    });
  });
});

describe.runIf(gate.required && !gate.available)('the OS secret store in the real keyring (TESSERA_REQUIRE_KEYRING=1)', () => {
  it('can run', () => {
    expect.fail(`the keyring tests are required but cannot run: ${gate.reason}`);
  });
});

describe.skipIf(!gate.available)(`the OS secret store in the real keyring${gate.available ? '' : ` (skipped: ${gate.reason})`}`, () => {
  it('writes, reads, replaces and deletes an item that secret-tool sees under service and username', async () => {
    const store = createOsSecretStore();
    const service = ownService();
    expect(await store.get(service, 'alice')).toBeNull();
    await store.set(service, 'alice', 'first-sécret');
    expect(await store.get(service, 'alice')).toBe('first-sécret');
    expect(lookup(service, 'username', 'alice')).toBe('first-sécret');
    await store.set(service, 'alice', 'second');
    expect(await createOsSecretStore().get(service, 'alice')).toBe('second');
    expect(await store.get(service, 'bob')).toBeNull();
    expect(await store.delete(service, 'alice')).toBe(true);
    expect(await store.delete(service, 'alice')).toBe(false);
    expect(await store.get(service, 'alice')).toBeNull();
    expect(lookup(service, 'username', 'alice')).toBeNull();
  });

  it("reads an item written the keytar way, and leaves it in the current layout only", async () => {
    const service = ownService();
    const secret = `${'x'.repeat(300)}-ünïcode-✓`;
    storeTheKeytarWay(service, 'vault-key', secret);
    expect(await createOsSecretStore().get(service, 'vault-key')).toBe(secret);
    expect(lookup(service, 'account', 'vault-key')).toBeNull();
    expect(lookup(service, 'username', 'vault-key')).toBe(secret);
    expect(await createOsSecretStore().get(service, 'vault-key')).toBe(secret);
    expect(await createOsSecretStore().delete(service, 'vault-key')).toBe(true);
  });

  it('prefers the current item when both layouts hold one, and delete removes both', async () => {
    const service = ownService();
    const store = createOsSecretStore();
    await store.set(service, 'conn', 'current');
    storeTheKeytarWay(service, 'conn', 'stale');
    expect(await store.get(service, 'conn')).toBe('current');
    expect(await store.delete(service, 'conn')).toBe(true);
    expect([lookup(service, 'username', 'conn'), lookup(service, 'account', 'conn')]).toEqual([null, null]);
  });

  it('deletes an item only keytar wrote, never read since the upgrade', async () => {
    const service = ownService();
    storeTheKeytarWay(service, 'conn', 'old');
    expect(await createOsSecretStore().delete(service, 'conn')).toBe(true);
    expect(lookup(service, 'account', 'conn')).toBeNull();
    expect(await createOsSecretStore().get(service, 'conn')).toBeNull();
  });
});
