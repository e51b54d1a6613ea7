import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedAdminHost } from '../../../../src-main/desktop/admin/embedded-host';
import { createAdminService, type AdminService } from '../../../../src-main/desktop/admin/service';
import { AdminError, EMBEDDED_CONNECTION_ID } from '../../../../src-main/desktop/admin/types';
import { createEmbeddedServer, type EmbeddedServer } from '../../../../src-main/desktop/embedded-server';
import { createMemorySecretStore } from '../../../../src-main/vault';
import { freePort, holdPort } from '../ports';
import { filesContaining, tempDir } from './admin-fixture';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function thisComputer(port: number): Promise<{ server: EmbeddedServer; service: AdminService; dataDir: string }> {
  const dir = tempDir();
  const secretStore = createMemorySecretStore();
  const server = createEmbeddedServer({ dataDir: dir.path, secretStore, clock: { now: () => Date.now() } });
  const service = createAdminService({ dataDir: dir.path, secretStore, embedded: createEmbeddedAdminHost(server, { get: () => ({ serverPort: port }) }) });
  cleanups.push(() => dir.remove(), () => server.stop(), () => service.close());
  return { server, service, dataDir: dir.path };
}

describe('This computer', () => {
  it('is the active connection with nothing to type, and starts the embedded server when used', async () => {
    const port = await freePort();
    const { server, service } = await thisComputer(port);
    const [before] = await service.connections();
    expect(before).toEqual({ id: EMBEDDED_CONNECTION_ID, kind: 'embedded', label: 'This computer', baseUrl: 'http://127.0.0.1/', clientId: null, audience: null, secretStored: false, active: true });
    expect(server.status().state).toBe('stopped');

    expect(await service.listUsers({ search: '', filter: 'all', page: 0, perPage: 10 })).toEqual({ users: [], page: 0, perPage: 10, total: 0 });
    expect(server.status()).toMatchObject({ state: 'running', port });
    const url = `http://127.0.0.1:${port}/`;
    const [after] = await service.connections();
    expect(after).toEqual({ ...before, baseUrl: url, clientId: expect.any(String), audience: `${url}api/v2/`, secretStored: true });
    expect((await service.applications()).filter((a) => a.isConsoleClient).map((a) => a.clientId)).toEqual([after?.clientId]);
  });

  it('says what to do when the embedded server cannot start', async () => {
    const taken = await holdPort();
    cleanups.push(() => taken.release());
    const { service } = await thisComputer(taken.port);
    const error = await service.useConnection(EMBEDDED_CONNECTION_ID).catch((e: unknown) => e);
    expect(error).toEqual(
      new AdminError('unreachable', `The server on this computer is not running (Port ${taken.port} on 127.0.0.1 is already in use by another program: choose another port in Settings): start it in the Server tab`),
    );
  });

  it('keeps a new application’s secret out of the data folder', async () => {
    const { service, dataDir } = await thisComputer(await freePort());
    await service.useConnection(EMBEDDED_CONNECTION_ID);
    const created = await service.createApplication({ name: 'Shop', preset: 'password_mfa' });
    // The new secret was shown once; the console keeps no copy of it anywhere on disk.
    expect(filesContaining(dataDir, created.clientSecret)).toEqual([]);
  });
});
