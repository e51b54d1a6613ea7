import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOsSecretStore, openVault, VAULT_DB_FILE, VAULT_KEY_ACCOUNT, VAULT_KEY_SERVICE } from '../../../src-main/vault';
import { base32Decode } from '../../../src-main/vault/base32';
import { vaultKeyCheck } from '../../../src-main/vault/vault-key';
import { keyringGate } from './keyring-gate';
import { NOW_MS, oathtotp, RFC_SECRET, SHORT_SECRET, totpUri } from './vault-fixtures';

const ROOT = path.join(import.meta.dirname, '../../..');
const WORKER = path.join(import.meta.dirname, 'keyring-worker.ts');
const KEYRING = 'Secret Service keyring (login)';
const run = promisify(execFile);
const gate = keyringGate();

/** The vault key as an independent client (libsecret's secret-tool) finds it: @napi-rs/keyring's `username` attribute. */
const lookupKey = () => execFileSync('secret-tool', ['lookup', 'service', VAULT_KEY_SERVICE, 'username', VAULT_KEY_ACCOUNT], { encoding: 'utf8' });

/** Every file of the folder, recursively: the database and its -wal and -shm companions included. */
function folderBytes(dir: string): Buffer[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name)));
}

function needles(secret: string): Buffer[] {
  const raw = base32Decode(secret);
  return [Buffer.from(secret), Buffer.from(secret.toLowerCase()), raw, Buffer.from(raw.toString('hex')), Buffer.from(raw.toString('base64'))];
}

/** Runs keyring-worker.ts under a nested private keyring: its damage stays there. */
async function damagedKeyring(damage: 'deleted' | 'locked' | 'keytar' | 'keytar-locked' | 'daemon-killed') {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tessera-keyring-'));
  try {
    const { stdout } = await run('bash', ['scripts/with-keyring.sh', process.execPath, '--import', 'tsx', WORKER, dataDir, damage, totpUri('GitHub:alice')], { cwd: ROOT });
    return JSON.parse(stdout) as { accounts: string[]; error: Record<string, unknown>; layout: { keytar: boolean; current: boolean } | null };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe.runIf(gate.required && !gate.available)('the real keyring (TESSERA_REQUIRE_KEYRING=1)', () => {
  it('is available', () => {
    expect.fail(`the keyring tests are required but cannot run: ${gate.reason}`);
  });
});

describe.skipIf(!gate.available)(`the real keyring${gate.available ? '' : ` (skipped: ${gate.reason})`}`, () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'tessera-vault-keyring-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps the vault key in the keyring, where secret-tool finds it, and only its check in the database', async () => {
    const vault = await openVault({ dataDir, secretStore: createOsSecretStore() });
    vault.close();
    const key = Buffer.from(lookupKey(), 'base64');
    expect(key).toHaveLength(32);
    const db = new Database(path.join(dataDir, VAULT_DB_FILE), { readonly: true });
    const marker = db.prepare("SELECT value FROM vault_meta WHERE name = 'vault_key_check'").pluck().get();
    db.close();
    expect(marker).toBe(vaultKeyCheck(key));
  });

  it('writes no seed and no vault key to any file of the data folder, open or closed', async () => {
    const vault = await openVault({ dataDir, secretStore: createOsSecretStore() });
    vault.add(totpUri('GitHub:alice@example.com', SHORT_SECRET));
    vault.add(`otpauth://hotp/Bank:bob?secret=${RFC_SECRET}&counter=4`);
    vault.code(vault.resolve('Bank').id, NOW_MS);
    const key = Buffer.from(lookupKey(), 'base64');
    const forbidden = [...needles(SHORT_SECRET), ...needles(RFC_SECRET), key, Buffer.from(key.toString('base64')), Buffer.from(key.toString('hex'))];
    const scan = () => {
      const files = folderBytes(dataDir);
      // The scan does read the accounts' rows: the (non-secret) label is there.
      expect(files.some((bytes) => bytes.includes('alice@example.com'))).toBe(true);
      for (const needle of forbidden) expect(files.some((bytes) => bytes.includes(needle))).toBe(false);
    };
    expect(readdirSync(dataDir).sort()).toEqual([VAULT_DB_FILE, `${VAULT_DB_FILE}-shm`, `${VAULT_DB_FILE}-wal`]);
    scan();
    vault.close();
    scan();
  });

  it('reopens with the same key and codes, and a second data folder (app and CLI) shares the key', async () => {
    const first = await openVault({ dataDir, secretStore: createOsSecretStore() });
    const { id } = first.add(totpUri('GitHub:alice'));
    first.close();
    const again = await openVault({ dataDir, secretStore: createOsSecretStore() });
    expect(again.code(id, NOW_MS).code).toBe(oathtotp(SHORT_SECRET, 'SHA1', 6, 30, NOW_MS));
    again.close();
    const before = lookupKey();
    const otherDir = mkdtempSync(path.join(os.tmpdir(), 'tessera-vault-keyring-'));
    try {
      (await openVault({ dataDir: otherDir, secretStore: createOsSecretStore() })).close();
      expect(lookupKey()).toBe(before);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('refuses to open, naming the keyring, when the item is deleted (never an empty list)', async () => {
    const { accounts, error } = await damagedKeyring('deleted');
    expect(accounts).toEqual(['alice']);
    expect(error).toEqual({
      name: 'KeyringUnavailableError', keyring: KEYRING, problem: 'locked_or_missing',
      message: `The ${KEYRING} is locked or unavailable: unlock it and retry`,
    });
  });

  it.each([['locked'], ['keytar-locked']] as const)('refuses to open, saying it is locked, when the keyring is %s (never null, never an empty list)', async (damage) => {
    const { accounts, error } = await damagedKeyring(damage);
    expect(accounts).toEqual(['alice']);
    const detail = damage === 'locked' ? "Couldn't access platform storage: Secret Service: unlock prompt was dismissed" : 'keytar\'s "Tessera" item is in a locked collection';
    expect(error).toEqual({
      name: 'KeyringUnavailableError', keyring: KEYRING, problem: 'locked_or_missing', detail,
      message: `The ${KEYRING} is locked or unavailable (${detail}): unlock it and retry`,
    });
  });

  it('opens the same vault after the keyring daemon was killed and the bus started it again', async () => {
    const { accounts, error, layout } = await damagedKeyring('daemon-killed');
    expect(accounts).toEqual(['alice']);
    expect(error).toEqual({ name: 'none', listed: 1, sameCode: true });
    expect(layout).toEqual({ keytar: false, current: true });
  });

  it("opens a vault whose key only keytar's layout holds (an upgrade), and moves the key to the current layout", async () => {
    const { accounts, error, layout } = await damagedKeyring('keytar');
    expect(accounts).toEqual(['alice']);
    expect(error).toEqual({ name: 'none', listed: 1, sameCode: true });
    expect(layout).toEqual({ keytar: false, current: true });
  });
});
