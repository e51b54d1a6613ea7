import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdminService, type AdminService, type AdminServiceDeps } from '../../../../src-main/desktop/admin/service';
import { createMemorySecretStore, type SecretStore } from '../../../../src-main/vault';
import { buildConfiguredServer, type ConfiguredServerOptions } from '../../../helpers/configured-server.js';
import { ADMIN, createClient, createUser, enableMfa, enrollOtp, type TestClient, type TestServer } from '../../../helpers/server.js';

/**
 * A real Tessera server listening on loopback. Its issuer stays the test issuer (https://tessera.test/),
 * so the Management audience differs from the URL the console is given, as discovery must find it.
 */
export interface ListeningTessera extends TestServer {
  baseUrl: string;
  close(): Promise<void>;
}

export async function startTessera(options: ConfiguredServerOptions = {}): Promise<ListeningTessera> {
  const http: Server = createServer();
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  const address = http.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}/`;
  const tessera = await buildConfiguredServer(options);
  http.on('request', (req, res) => tessera.app.routing(req, res));
  return {
    ...tessera,
    baseUrl,
    async close() {
      http.closeAllConnections();
      await new Promise<void>((done) => http.close(() => done()));
      await tessera.close();
    },
  };
}

export interface Seeded {
  app: TestClient;
  /** Enrolled with OTP (and a recovery code). */
  ada: { user_id: string; email: string; authenticatorId: string };
  /** No authenticator. */
  grace: { user_id: string; email: string };
}

/** Realistic people: Ada enrolled with OTP (plus her recovery code), Grace with nothing. */
export async function seed(server: TestServer): Promise<Seeded> {
  await enableMfa(server.app);
  const app = await createClient(server.app);
  const ada = await createUser(server.app, 'ada@example.com');
  const grace = await createUser(server.app, 'grace@example.com');
  const enrollment = await enrollOtp(server, app, 'ada@example.com');
  return { app, ada: { ...ada, authenticatorId: enrollment.authenticatorId }, grace };
}

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'tessera-admin-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface ConsoleUnderTest {
  service: AdminService;
  secretStore: SecretStore;
  dataDir: string;
  close(): Promise<void>;
}

/** The service over a fresh data dir, logged in to `baseUrl` with the bootstrap admin client. */
export async function connectedService(baseUrl: string, deps: Partial<AdminServiceDeps> = {}): Promise<ConsoleUnderTest> {
  const dir = tempDir();
  const secretStore = deps.secretStore ?? createMemorySecretStore();
  const service = createAdminService({ dataDir: dir.path, secretStore, ...deps });
  await service.addRemoteConnection({ baseUrl, clientId: ADMIN.clientId, clientSecret: ADMIN.clientSecret });
  return {
    service,
    secretStore,
    dataDir: dir.path,
    async close() {
      await service.close();
      dir.remove();
    },
  };
}

/** Every file under `dir` whose bytes contain `needle` (to prove a secret was never written). */
export function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) hits.push(...filesContaining(path, needle));
    else if (readFileSync(path).includes(needle)) hits.push(path);
  }
  return hits;
}
