import { createHash } from 'node:crypto';
import { openConnectionStore, type SavedConnection } from './connection-store';
import type { AdminServiceDeps } from './deps';
import { adminSecrets } from './keychain-items';
import { openSession, type ManagementSession } from './management-session';
import { discoverServer, normalizeBaseUrl } from './server-discovery';
import { isStatus, toAdminError } from './admin-errors';
import { AdminError, AdminErrorKind, ConnectionKind, EMBEDDED_CONNECTION_ID, type AdminConnectionView, type RemoteConnectionInput } from './types';

const EMBEDDED_LABEL = 'This computer';
const NOT_CONNECTED = 'Choose a connection first: This computer, or a server you log in to';

/** The same URL and client id is the same connection: logging in again replaces its secret. */
function connectionId(baseUrl: string, clientId: string): string {
  return `remote-${createHash('sha256').update(`${baseUrl}\u0000${clientId}`).digest('hex').slice(0, 16)}`;
}

/** Which connection is active, its keychain item, and the one live session (ManagementClient + token) for it. */
export function createConnections(deps: AdminServiceDeps) {
  const fetchFn = deps.fetch ?? fetch;
  const store = openConnectionStore(deps.dataDir);
  const secrets = adminSecrets(deps.secretStore);
  let session: { connectionId: string; value: Promise<ManagementSession> } | undefined;

  async function activeId(): Promise<string | null> {
    const { active, remotes } = await store.load();
    if (active && (active === EMBEDDED_CONNECTION_ID ? deps.embedded : remotes.some((c) => c.id === active))) return active;
    return deps.embedded ? EMBEDDED_CONNECTION_ID : null;
  }

  async function remoteView(c: SavedConnection, active: string | null): Promise<AdminConnectionView> {
    const secretStored = (await secrets.read(c.id)) !== null;
    return { id: c.id, kind: ConnectionKind.remote, label: c.label, baseUrl: c.baseUrl, clientId: c.clientId, audience: c.audience, secretStored, active: c.id === active };
  }

  async function list(): Promise<AdminConnectionView[]> {
    const [{ remotes }, active] = await Promise.all([store.load(), activeId()]);
    const views = await Promise.all(remotes.map((c) => remoteView(c, active)));
    if (!deps.embedded) return views;
    const live = session?.connectionId === EMBEDDED_CONNECTION_ID ? await session.value.catch(() => undefined) : undefined;
    const embedded: AdminConnectionView = {
      id: EMBEDDED_CONNECTION_ID, kind: ConnectionKind.embedded, label: EMBEDDED_LABEL, baseUrl: live?.baseUrl ?? 'http://127.0.0.1/',
      clientId: live?.clientId ?? null, audience: live?.audience ?? null, secretStored: live !== undefined, active: active === EMBEDDED_CONNECTION_ID,
    };
    return [embedded, ...views];
  }

  async function openFor(id: string): Promise<ManagementSession> {
    if (id === EMBEDDED_CONNECTION_ID) {
      if (!deps.embedded) throw new AdminError(AdminErrorKind.notConnected, NOT_CONNECTED);
      const admin = await deps.embedded.ensureRunning();
      const { audience } = await discoverServer(fetchFn, admin.baseUrl);
      return openSession({ ...admin, audience }, fetchFn);
    }
    const saved = (await store.load()).remotes.find((c) => c.id === id);
    const secret = saved ? await secrets.read(saved.id) : null;
    if (!saved || secret === null) throw new AdminError(AdminErrorKind.notConnected, `No saved secret for this connection in the ${deps.secretStore.keyringName}: log in again`);
    const audience = saved.audience ?? (await discoverServer(fetchFn, saved.baseUrl)).audience;
    return openSession({ baseUrl: saved.baseUrl, clientId: saved.clientId, clientSecret: secret, audience }, fetchFn);
  }

  /** The active connection's session, opened once and kept; a failed open is forgotten so the next call retries. */
  async function current(): Promise<ManagementSession> {
    const id = await activeId();
    if (id === null) throw new AdminError(AdminErrorKind.notConnected, NOT_CONNECTED);
    if (session?.connectionId !== id) {
      const value = openFor(id);
      session = { connectionId: id, value };
      value.catch(() => {
        if (session?.value === value) session = undefined;
      });
    }
    return session.value;
  }

  return {
    list,
    current,
    /** Drops the session and its token (a 401 mid-session, a removed or replaced connection). */
    drop(): void {
      session = undefined;
    },
    async addRemote(input: RemoteConnectionInput): Promise<AdminConnectionView> {
      const baseUrl = normalizeBaseUrl(input.baseUrl);
      const clientId = input.clientId.trim();
      if (!clientId || !input.clientSecret) throw new AdminError(AdminErrorKind.invalidInput, 'Enter the client id and the client secret of a machine-to-machine application');
      const { audience } = await discoverServer(fetchFn, baseUrl);
      const trial = openSession({ baseUrl, clientId, clientSecret: input.clientSecret, audience }, fetchFn);
      // Nothing is saved until the server has accepted the secret.
      await trial.getToken().catch((error: unknown) => {
        // Auth0 answers 403 access_denied to a client with no grant for the Management API.
        if (isStatus(error, 403)) throw new AdminError(AdminErrorKind.unauthorized, `This client may not call the Management API: authorize it for ${audience} and retry`);
        throw toAdminError(error, baseUrl);
      });
      const saved: SavedConnection = { id: connectionId(baseUrl, clientId), label: input.label?.trim() || new URL(baseUrl).host, baseUrl, clientId, audience };
      await secrets.save(saved.id, input.clientSecret);
      await store.upsert(saved, true);
      session = { connectionId: saved.id, value: Promise.resolve(trial) };
      return remoteView(saved, saved.id);
    },
    async remove(id: string): Promise<void> {
      if (id === EMBEDDED_CONNECTION_ID) throw new AdminError(AdminErrorKind.invalidInput, 'This computer is always available; it cannot be removed');
      if (!(await store.load()).remotes.some((c) => c.id === id)) throw new AdminError(AdminErrorKind.notFound, 'No such connection: refresh the list');
      await store.remove(id);
      await secrets.forget(id);
      if (session?.connectionId === id) session = undefined;
    },
    /**
     * Makes `id` the active connection. The console switches first and connects after, so a connection whose
     * server is gone or whose secret is missing can still be chosen (and then removed). `checked` (the CLI's
     * `use`): a token first, and no switch unless the server gave one.
     */
    async use(id: string, options: { checked?: boolean } = {}): Promise<AdminConnectionView> {
      const known = id === EMBEDDED_CONNECTION_ID ? Boolean(deps.embedded) : (await store.load()).remotes.some((c) => c.id === id);
      if (!known) throw new AdminError(AdminErrorKind.notFound, 'No such connection: refresh the list');
      if (options.checked) {
        const trial = await openFor(id);
        await trial.getToken().catch((error: unknown) => {
          throw toAdminError(error, trial.baseUrl);
        });
        session = { connectionId: id, value: Promise.resolve(trial) };
      }
      await store.setActive(id);
      await current();
      const view = (await list()).find((c) => c.id === id);
      if (!view) throw new AdminError(AdminErrorKind.notFound, 'No such connection: refresh the list');
      return view;
    },
  };
}
export type Connections = ReturnType<typeof createConnections>;
