import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createMemorySecretStore, createOsSecretStore, KeyringUnavailableError, readSecretEarly, withEarlyRead } from '../../../src-main/vault';
import { keyringGate } from './keyring-gate';

const run = promisify(execFile);
const gate = keyringGate();
const EARLY_READ_WORKER = path.join(import.meta.dirname, 'early-read-worker.ts');
const SERVICE = 'Tessera';
const ACCOUNT = 'vault-key';

/** A module loader that records being asked and then fails, as a missing native module does. */
function unloadable() {
  const calls = { count: 0 };
  return { calls, load: () => ((calls.count += 1), Promise.reject(new Error('Cannot find module @napi-rs/keyring'))) };
}

describe('withEarlyRead', () => {
  it("answers the item's first get with the early value, and asks the store after that", async () => {
    const store = createMemorySecretStore();
    await store.set(SERVICE, ACCOUNT, 'in the store');
    const early = withEarlyRead(store, SERVICE, ACCOUNT, Promise.resolve('read early'));
    expect(await early.get(SERVICE, ACCOUNT)).toBe('read early');
    expect(await early.get(SERVICE, ACCOUNT)).toBe('in the store');
  });

  it('asks the store when the early read found nothing usable, and reports its errors', async () => {
    const store = createMemorySecretStore('test keyring');
    await store.set(SERVICE, ACCOUNT, 'in the store');
    expect(await withEarlyRead(store, SERVICE, ACCOUNT, Promise.resolve(undefined)).get(SERVICE, ACCOUNT)).toBe('in the store');
    store.locked = true;
    await expect(withEarlyRead(store, SERVICE, ACCOUNT, Promise.resolve(undefined)).get(SERVICE, ACCOUNT)).rejects.toBeInstanceOf(KeyringUnavailableError);
  });

  it('drops the early value once the item is written or deleted', async () => {
    const store = createMemorySecretStore();
    const written = withEarlyRead(store, SERVICE, ACCOUNT, Promise.resolve('read early'));
    await written.set(SERVICE, ACCOUNT, 'written');
    expect(await written.get(SERVICE, ACCOUNT)).toBe('written');
    const deleted = withEarlyRead(store, SERVICE, ACCOUNT, Promise.resolve('read early'));
    expect(await deleted.delete(SERVICE, ACCOUNT)).toBe(true);
    expect(await deleted.get(SERVICE, ACCOUNT)).toBeNull();
  });

  it('passes every other item through and keeps the early value for its own', async () => {
    const store = createMemorySecretStore('named keyring');
    await store.set(SERVICE, 'other', 'other value');
    const early = withEarlyRead(store, SERVICE, ACCOUNT, Promise.resolve('read early'));
    expect(early.keyringName).toBe('named keyring');
    expect(await early.get(SERVICE, 'other')).toBe('other value');
    expect(await early.get('Tessera Admin', ACCOUNT)).toBeNull();
    expect(await early.get(SERVICE, ACCOUNT)).toBe('read early');
  });
});

describe('readSecretEarly without a keyring', () => {
  it.each(['darwin', 'win32'] as const)('reads nothing early on %s (the keychain is asked as usual)', async (platform) => {
    const { calls, load } = unloadable();
    expect(await readSecretEarly(platform, SERVICE, ACCOUNT, load)).toBeUndefined();
    expect(calls.count).toBe(0);
  });

  it('gives undefined, never a rejection, when the keyring module cannot load', async () => {
    const { calls, load } = unloadable();
    expect(await readSecretEarly('linux', SERVICE, ACCOUNT, load)).toBeUndefined();
    expect(calls.count).toBe(1);
  });

  it.runIf(process.platform === 'linux')('gives undefined when the session bus cannot be reached', async () => {
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', EARLY_READ_WORKER], { env });
    expect(JSON.parse(stdout)).toEqual({ value: null });
  });
});

describe.runIf(gate.required && !gate.available)('readSecretEarly in the real keyring (TESSERA_REQUIRE_KEYRING=1)', () => {
  it('can run', () => {
    expect.fail(`the keyring tests are required but cannot run: ${gate.reason}`);
  });
});

describe.skipIf(!gate.available)(`readSecretEarly in the real keyring${gate.available ? '' : ` (skipped: ${gate.reason})`}`, () => {
  /** A service name of its own per test: other test files share this keyring at the same time. */
  const ownService = () => `Tessera Test ${randomUUID()}`;

  it('finds what the OS store wrote, item by item, and nothing where there is none', async () => {
    const service = ownService();
    const store = createOsSecretStore();
    await store.set(service, ACCOUNT, 'the key');
    await store.set(service, 'other', 'another secret');
    expect(await readSecretEarly('linux', service, ACCOUNT)).toBe('the key');
    expect(await readSecretEarly('linux', service, 'other')).toBe('another secret');
    expect(await readSecretEarly('linux', service, 'absent')).toBeUndefined();
    expect(await readSecretEarly('linux', ownService(), ACCOUNT)).toBeUndefined();
    await store.delete(service, ACCOUNT);
    await store.delete(service, 'other');
  });

  it("leaves an item in keytar's layout to the ordinary read, which moves it", async () => {
    const service = ownService();
    execFileSync('secret-tool', ['store', `--label=Password for ${ACCOUNT} on ${service}`, 'service', service, 'account', ACCOUNT], { input: 'old layout' });
    expect(await readSecretEarly('linux', service, ACCOUNT)).toBeUndefined();
    expect(await createOsSecretStore().get(service, ACCOUNT)).toBe('old layout');
    expect(await readSecretEarly('linux', service, ACCOUNT)).toBe('old layout');
    await createOsSecretStore().delete(service, ACCOUNT);
  });
});
