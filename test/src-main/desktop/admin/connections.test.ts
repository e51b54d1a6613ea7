import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTIONS_FILE } from '../../../../src-main/desktop/admin/connection-store';
import { ADMIN_SECRET_SERVICE } from '../../../../src-main/desktop/admin/keychain-items';
import { createAdminService } from '../../../../src-main/desktop/admin/service';
import { AdminError, EMBEDDED_CONNECTION_ID } from '../../../../src-main/desktop/admin/types';
import { createMemorySecretStore } from '../../../../src-main/vault';
import { ADMIN, MGMT_AUDIENCE } from '../../../helpers/server.js';
import { freePort } from '../ports';
import { connectedService, filesContaining, startTessera, tempDir, type ListeningTessera } from './admin-fixture';

let tessera: ListeningTessera;
beforeAll(async () => {
  tessera = await startTessera();
});
afterAll(() => tessera.close());

async function failure(promise: Promise<unknown>): Promise<{ kind: string; message: string }> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AdminError);
  const { kind, message } = error as AdminError;
  return { kind, message };
}

describe('remote connections', () => {
  it('checks the secret with a token, keeps it in the keychain only, and makes the connection active', async () => {
    const dir = tempDir();
    const secretStore = createMemorySecretStore();
    const service = createAdminService({ dataDir: dir.path, secretStore });
    try {
      const view = await service.addRemoteConnection({ baseUrl: tessera.baseUrl.replace(/\/$/, ''), clientId: ADMIN.clientId, clientSecret: ADMIN.clientSecret, label: ' Local test ' });
      expect(view).toEqual({
        id: expect.stringMatching(/^remote-[0-9a-f]{16}$/),
        kind: 'remote',
        label: 'Local test',
        baseUrl: tessera.baseUrl,
        clientId: ADMIN.clientId,
        audience: MGMT_AUDIENCE,
        secretStored: true,
        active: true,
      });
      expect(await service.connections()).toEqual([view]);
      expect(await secretStore.get(ADMIN_SECRET_SERVICE, view.id)).toBe(ADMIN.clientSecret);
      expect(statSync(join(dir.path, CONNECTIONS_FILE)).mode & 0o777).toBe(0o600);
      expect(filesContaining(dir.path, ADMIN.clientSecret)).toEqual([]);
      // A second service over the same folder and keychain (the CLI after the app) finds it.
      const again = createAdminService({ dataDir: dir.path, secretStore });
      expect((await again.listUsers({ search: '', filter: 'all', page: 0, perPage: 10 })).total).toBe(0);
      await again.close();
    } finally {
      await service.close();
      dir.remove();
    }
  });

  it('refuses a wrong secret with unauthorized and saves nothing', async () => {
    const dir = tempDir();
    const secretStore = createMemorySecretStore();
    const service = createAdminService({ dataDir: dir.path, secretStore });
    try {
      const wrong = 'a-wrong-secret-that-is-long-enough-000000';
      expect(await failure(service.addRemoteConnection({ baseUrl: tessera.baseUrl, clientId: ADMIN.clientId, clientSecret: wrong }))).toEqual({
        kind: 'unauthorized',
        message: "The client's credentials were refused: log in again",
      });
      expect(await service.connections()).toEqual([]);
      expect(filesContaining(dir.path, wrong)).toEqual([]);
      expect(await failure(service.listUsers({ search: '', filter: 'all', page: 0, perPage: 10 }))).toEqual({
        kind: 'not_connected',
        message: 'Choose a connection first: This computer, or a server you log in to',
      });
    } finally {
      await service.close();
      dir.remove();
    }
  });

  it('refuses a client the server has not authorized for the Management API, and saves nothing', async () => {
    const admin = await connectedService(tessera.baseUrl);
    const m2m = await admin.service.createApplication({ name: 'No grant', preset: 'm2m' });
    await admin.close();
    const dir = tempDir();
    const service = createAdminService({ dataDir: dir.path, secretStore: createMemorySecretStore() });
    try {
      expect(await failure(service.addRemoteConnection({ baseUrl: tessera.baseUrl, clientId: m2m.application.clientId, clientSecret: m2m.clientSecret }))).toEqual({
        kind: 'unauthorized',
        message: `This client may not call the Management API: authorize it for ${MGMT_AUDIENCE} and retry`,
      });
      expect(await service.connections()).toEqual([]);
    } finally {
      dir.remove();
    }
  });

  it.each([
    ['ftp://example.com', 'The server URL must start with https://'],
    ['http://tenant.example.com', 'Use https:// for a server on another computer (plain http is allowed only for 127.0.0.1 and localhost)'],
    ['not a url', 'Enter the server URL, such as https://tenant.eu.auth0.com or http://127.0.0.1:3000'],
    ['https://user:pw@tenant.example.com', 'The server URL must not carry credentials, a query or a fragment'],
  ])('refuses the URL %s', async (baseUrl, message) => {
    const dir = tempDir();
    const service = createAdminService({ dataDir: dir.path, secretStore: createMemorySecretStore() });
    expect(await failure(service.addRemoteConnection({ baseUrl, clientId: ADMIN.clientId, clientSecret: ADMIN.clientSecret }))).toEqual({ kind: 'invalid_input', message });
    dir.remove();
  });

  it('reports an unreachable server and saves nothing', async () => {
    const dir = tempDir();
    const service = createAdminService({ dataDir: dir.path, secretStore: createMemorySecretStore() });
    const port = await freePort();
    expect(await failure(service.addRemoteConnection({ baseUrl: `http://127.0.0.1:${port}`, clientId: ADMIN.clientId, clientSecret: ADMIN.clientSecret }))).toEqual({
      kind: 'unreachable',
      message: `Could not reach http://127.0.0.1:${port}/: check the URL and that the server is running`,
    });
    expect(await service.connections()).toEqual([]);
    dir.remove();
  });

  it('removes a connection and its keychain item', async () => {
    const console = await connectedService(tessera.baseUrl);
    try {
      const [view] = await console.service.connections();
      await console.service.removeConnection(view?.id ?? '');
      expect(await console.service.connections()).toEqual([]);
      expect(await console.secretStore.get(ADMIN_SECRET_SERVICE, view?.id ?? '')).toBeNull();
      expect(await failure(console.service.removeConnection(view?.id ?? ''))).toEqual({ kind: 'not_found', message: 'No such connection: refresh the list' });
      expect(await failure(console.service.removeConnection(EMBEDDED_CONNECTION_ID))).toEqual({ kind: 'invalid_input', message: 'This computer is always available; it cannot be removed' });
    } finally {
      await console.close();
    }
  });

  it('says to log in again when the keychain item is gone', async () => {
    const console = await connectedService(tessera.baseUrl);
    try {
      const [view] = await console.service.connections();
      await console.secretStore.delete(ADMIN_SECRET_SERVICE, view?.id ?? '');
      const fresh = createAdminService({ dataDir: console.dataDir, secretStore: console.secretStore });
      expect((await fresh.connections())[0]?.secretStored).toBe(false);
      expect(await failure(fresh.getUser('ada@example.com'))).toEqual({ kind: 'not_connected', message: 'No saved secret for this connection in the in-memory keyring: log in again' });
    } finally {
      await console.close();
    }
  });
});
