import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_SECRET_SERVICE } from '../../../../src-main/desktop/admin/keychain-items';
import { createAdminService } from '../../../../src-main/desktop/admin/service';
import { createOsSecretStore } from '../../../../src-main/vault';
import { ADMIN } from '../../../helpers/server.js';
import { keyringGate } from '../../vault/keyring-gate';
import { filesContaining, startTessera, tempDir, type ListeningTessera } from './admin-fixture';

const gate = keyringGate();

/** Every item of the service, as secret-tool prints them; empty when there is none (it then exits 1). */
function searchAll(): string {
  try {
    return execFileSync('secret-tool', ['search', '--all', 'service', ADMIN_SECRET_SERVICE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

/**
 * The item as an independent client (libsecret's secret-tool) finds it; empty when there is none.
 * `username` is @napi-rs/keyring's attribute, `account` keytar's (Tessera's binding before it).
 */
function lookup(account: string, attribute: 'username' | 'account' = 'username'): string {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', ADMIN_SECRET_SERVICE, attribute, account], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '';
  }
}

describe.runIf(gate.required && !gate.available)('the admin keychain items (TESSERA_REQUIRE_KEYRING=1)', () => {
  it('can run', () => {
    expect.fail(`the keyring tests are required but cannot run: ${gate.reason}`);
  });
});

describe.runIf(gate.available)('the admin client secret in the real keyring', () => {
  let tessera: ListeningTessera;
  beforeAll(async () => {
    tessera = await startTessera();
  });
  afterAll(() => tessera.close());

  it('is one item per connection, found by another client, never under the data folder, and gone on remove', async () => {
    const dir = tempDir();
    try {
      const secretStore = createOsSecretStore(process.platform);
      const service = createAdminService({ dataDir: dir.path, secretStore });
      const view = await service.addRemoteConnection({ baseUrl: tessera.baseUrl, clientId: ADMIN.clientId, clientSecret: ADMIN.clientSecret });
      expect(lookup(view.id)).toBe(ADMIN.clientSecret);
      expect(filesContaining(dir.path, ADMIN.clientSecret)).toEqual([]);

      // Another process's service (the CLI after the app) signs in from the keychain alone.
      const other = createAdminService({ dataDir: dir.path, secretStore: createOsSecretStore(process.platform) });
      expect((await other.connections())[0]).toMatchObject({ id: view.id, secretStored: true, active: true });
      expect((await other.listUsers({ search: '', filter: 'all', page: 0, perPage: 5 })).total).toBe(0);

      await other.removeConnection(view.id);
      expect(lookup(view.id)).toBe('');
      await Promise.all([service.close(), other.close()]);
    } finally {
      dir.remove();
    }
  });

  it('still signs in after an upgrade from keytar, whose item is moved to the current layout on first use', async () => {
    const dir = tempDir();
    try {
      const service = createAdminService({ dataDir: dir.path, secretStore: createOsSecretStore(process.platform) });
      const view = await service.addRemoteConnection({ baseUrl: tessera.baseUrl, clientId: ADMIN.clientId, clientSecret: ADMIN.clientSecret });
      await service.close();
      // As a keytar release left it: libsecret's generic schema with `service` and `account`.
      execFileSync('secret-tool', ['clear', 'service', ADMIN_SECRET_SERVICE, 'username', view.id]);
      execFileSync('secret-tool', ['store', `--label=Password for ${view.id} on ${ADMIN_SECRET_SERVICE}`, 'service', ADMIN_SECRET_SERVICE, 'account', view.id], { input: ADMIN.clientSecret });

      const upgraded = createAdminService({ dataDir: dir.path, secretStore: createOsSecretStore(process.platform) });
      expect((await upgraded.connections())[0]).toMatchObject({ id: view.id, secretStored: true, active: true });
      expect((await upgraded.listUsers({ search: '', filter: 'all', page: 0, perPage: 5 })).total).toBe(0);
      expect([lookup(view.id), lookup(view.id, 'account')]).toEqual([ADMIN.clientSecret, '']);
      await upgraded.removeConnection(view.id);
      expect(lookup(view.id)).toBe('');
      await upgraded.close();
    } finally {
      dir.remove();
    }
  });

  it('is not written when the secret is wrong', async () => {
    const dir = tempDir();
    try {
      const service = createAdminService({ dataDir: dir.path, secretStore: createOsSecretStore(process.platform) });
      const error = await service.addRemoteConnection({ baseUrl: tessera.baseUrl, clientId: ADMIN.clientId, clientSecret: 'wrong-secret-0000000000000000000000' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'unauthorized' });
      // Other files' tests share this keyring (and this fixture's secret): look for the refused secret itself.
      expect(searchAll()).not.toContain('wrong-secret');
    } finally {
      dir.remove();
    }
  });
});
