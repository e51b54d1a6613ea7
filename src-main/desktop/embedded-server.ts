import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { adminCredentialsFile } from '../../server/admin-credentials.js';
import { buildServer } from '../../server/app.js';
import { bootstrapTenant } from '../../server/bootstrap.js';
import { DEFAULT_BODY_LIMIT } from '../../server/config.js';
import { systemRandom } from '../../server/crypto/random.js';
import { createSecretBox } from '../../server/crypto/secret-box.js';
import { createOutboxDelivery } from '../../server/delivery/outbox.js';
import type { CodeDelivery } from '../../server/delivery/types.js';
import type { ScryptCost } from '../../server/crypto/passwords.js';
import type { Store } from '../../server/store/index.js';
import type { SigningKeyPair } from '../../server/tokens/signer.js';
import { openSqliteStore } from '../../server/store/sqlite/index.js';
import type { ServerStatus } from '../ipc/contract';
import { KeyringUnavailableError, type SecretStore } from '../vault';
import { obtainServerDataKey } from './server-data-key';

// Why the server runs inside Electron's main process rather than a child process or utility process:
// SQLite wants one writer, and the desktop app is the only one here; main already holds the keychain
// door the data key comes through, so no key crosses a process boundary; start/stop/status are plain
// function calls, with no extra IPC hop or process supervision; and every better-sqlite3 call is
// synchronous but sub-millisecond at this scale (ENVIRONMENT.md: 10k inserts ≈ 33 ms), so the UI's IPC
// stays responsive. The trade-off: a heavy burst of HTTP traffic, or a crash in a native module, is
// felt by (or takes down) the whole app; a tenant serving many users should run `npm run server`.

export const SERVER_DIR = 'server';
export const SERVER_HOST = '127.0.0.1';
const DATABASE_FILE = 'tessera.db';

/** For tests: a cheaper password hash and a ready signing key (the app: scrypt's default cost, a new key). */
export interface EmbeddedServerCost {
  kdf?: ScryptCost;
  signingKeyPair?: SigningKeyPair;
}

export interface EmbeddedServerOptions {
  dataDir: string;
  cost?: EmbeddedServerCost;
  secretStore: SecretStore;
  clock: { now(): number };
  tenantName?: string;
  /** Told after each change of `status()` (starting, running, failed, stopped). */
  onStatus?(status: ServerStatus): void;
}

function failureMessage(error: unknown, port: number): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') return `Port ${port} on ${SERVER_HOST} is already in use by another program: choose another port in Settings`;
  if (code === 'EACCES') return `Tessera may not listen on port ${port}: choose another port in Settings`;
  if (error instanceof KeyringUnavailableError) return error.message;
  console.error('[server] failed to start', error);
  return 'The server could not start; see the app log';
}

export function createEmbeddedServer(options: EmbeddedServerOptions) {
  const folder = join(options.dataDir, SERVER_DIR);
  let status: ServerStatus = { state: 'stopped', port: 0, url: null, message: null };
  let running: { app: FastifyInstance; store: Store; codeDelivery: CodeDelivery; status: ServerStatus } | undefined;
  let transition: Promise<ServerStatus> | undefined;

  async function launch(port: number): Promise<ServerStatus> {
    const issuer = `http://${SERVER_HOST}:${port}/`;
    let store: Store | undefined;
    let app: FastifyInstance | undefined;
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      const databaseFile = join(folder, DATABASE_FILE);
      const secrets = createSecretBox(await obtainServerDataKey(options.secretStore, databaseFile), systemRandom);
      store = openSqliteStore(databaseFile);
      // The credentials file is written before the tenant commits (bootstrap.ts), so a crash cannot lose it.
      const credentials = adminCredentialsFile(folder, issuer);
      await bootstrapTenant({
        store, secrets, clock: options.clock, random: systemRandom, tenantName: options.tenantName ?? 'Tessera', credentials, signingKeyPair: options.cost?.signingKeyPair,
      });
      const config = { issuer, tenantName: options.tenantName ?? 'Tessera', bodyLimit: DEFAULT_BODY_LIMIT };
      // The desktop app is a developer's own server: codes go to the outbox its admin console shows.
      const codeDelivery = createOutboxDelivery({ store, secrets, clock: options.clock, random: systemRandom });
      app = await buildServer({ store, clock: options.clock, random: systemRandom, secrets, config, codeDelivery, kdf: options.cost?.kdf });
      await app.listen({ host: SERVER_HOST, port });
      running = { app, store, codeDelivery, status: { state: 'running', port, url: issuer, message: null } };
      return running.status;
    } catch (error) {
      await app?.close().catch(() => undefined);
      await store?.close();
      return { state: 'failed', port, url: null, message: failureMessage(error, port) };
    }
  }

  async function halt(): Promise<ServerStatus> {
    const stopping = running;
    running = undefined;
    if (stopping) {
      await stopping.app.close();
      await stopping.store.close();
    }
    return { state: 'stopped', port: status.port, url: null, message: null };
  }

  // Start and stop are serialised: a second call waits for the first to settle.
  function serialise(step: () => Promise<ServerStatus>, interim?: ServerStatus): Promise<ServerStatus> {
    const previous = transition ?? Promise.resolve(status);
    const publish = (next: ServerStatus) => {
      status = next;
      options.onStatus?.({ ...status });
    };
    transition = previous.then(async () => {
      if (interim) publish(interim);
      publish(await step());
      return status;
    });
    return transition;
  }

  return {
    status: (): ServerStatus => ({ ...status }),
    /** Starts on `port`; a running server on another port is stopped and started there (failed if the port is taken). */
    start(port: number): Promise<ServerStatus> {
      return serialise(async () => {
        if (running?.status.port === port) return running.status;
        if (running) await halt();
        return launch(port);
      }, { state: 'starting', port, url: null, message: null });
    },
    stop: (): Promise<ServerStatus> => serialise(halt),
    /** Where the generated admin credentials are written on first start. */
    folder,
    /** The running server's code delivery (its outbox), the one its sign-ins send through; none while stopped. */
    codeDelivery: (): CodeDelivery | undefined => running?.codeDelivery,
  };
}

export type EmbeddedServer = ReturnType<typeof createEmbeddedServer>;
