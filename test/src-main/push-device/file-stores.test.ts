import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileAccountStore, createFileKeyStore, PushDeviceError } from '../../../src-main/push-device';
import { account, ENROLLMENT_ID } from './fixtures';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'tessera-stores-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const JWK = { kty: 'RSA', n: 'bg', e: 'AQAB', d: 'secret' };
const posixOnly = process.platform === 'win32' ? it.skip : it;

describe('createFileKeyStore', () => {
  it('round-trips a key and removes it', async () => {
    const keys = createFileKeyStore(path.join(folder, 'keys'));
    expect(await keys.load(ENROLLMENT_ID)).toBeUndefined();
    await keys.save(ENROLLMENT_ID, JWK);
    expect(await keys.load(ENROLLMENT_ID)).toEqual(JWK);
    await keys.remove(ENROLLMENT_ID);
    expect(await keys.load(ENROLLMENT_ID)).toBeUndefined();
    await keys.remove(ENROLLMENT_ID);
  });

  posixOnly('writes the key owner-only in an owner-only folder', async () => {
    await createFileKeyStore(path.join(folder, 'keys')).save(ENROLLMENT_ID, JWK);
    expect((await stat(path.join(folder, 'keys'))).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(folder, 'keys', `${ENROLLMENT_ID}.jwk.json`))).mode & 0o777).toBe(0o600);
  });

  it.each([['../escape'], ['a/b'], [''], ['dev|1'], ['.hidden']])('refuses %j as a file name', async (id) => {
    await expect(createFileKeyStore(folder).save(id, JWK)).rejects.toThrow(PushDeviceError);
  });
});

describe('createFileAccountStore', () => {
  it('lists, replaces and removes accounts in one owner-only file', async () => {
    const store = createFileAccountStore(folder);
    expect(await store.list()).toEqual([]);
    const first = account();
    const second = { ...account(), enrollmentId: 'dev_second' };
    await store.save(first);
    await store.save(second);
    await store.save({ ...first, name: 'renamed' });
    expect(await store.list()).toEqual([second, { ...first, name: 'renamed' }]);
    expect(await store.get('dev_second')).toEqual(second);
    await store.remove('dev_second');
    expect(await store.list()).toEqual([{ ...first, name: 'renamed' }]);
    if (process.platform !== 'win32') expect((await stat(path.join(folder, 'accounts.json'))).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path.join(folder, 'accounts.json'), 'utf8'))).toEqual({ accounts: [{ ...first, name: 'renamed' }] });
  });
});
