import { join } from 'node:path';
import type { PushDecision, PushDeviceView } from '../ipc/contract';
import {
  createFileAccountStore,
  createPushDevice,
  DenyReason,
  GuardianApiError,
  type AccountStore,
  type DeviceAccount,
  type FetchLike,
  type PushRequest,
  type StreamState,
} from '../push-device';
import type { SecretStore } from '../vault';
import { InputError } from './outcome';
import { createKeychainKeyStore } from './push-key-store';
import { createPendingRequests, toRequestView } from './push-pending';

export const PUSH_DIR = 'push';
/**
 * A closed stream is reopened by push:devices (the keyring may have been unlocked since), but not
 * sooner than this after it closed: the page asks for the devices on every push change, so a stream
 * that fails at once would otherwise reopen, close and announce it in a loop.
 */
export const REOPEN_AFTER_MS = 5_000;

export interface PushServiceOptions {
  dataDir: string;
  secretStore: SecretStore;
  clock: { now(): number };
  onRequest(account: DeviceAccount, request: PushRequest): void;
  /** A request arrived or left, a stream's connection changed, or an enrollment was added or removed. */
  onChange?(): void;
  fetch?: FetchLike;
}

/**
 * Enrollment metadata without the linked TOTP secret: the file is plain JSON, and secrets belong in the
 * keychain-sealed vault (the caller adds the TOTP there).
 */
function withoutTotpSecret(store: AccountStore): AccountStore {
  return { ...store, save: (account) => store.save({ ...account, totp: null }) };
}

type Connection = PushDeviceView['connection'];

interface StreamEntry {
  controller: AbortController;
  connection: Connection;
  /** When the connection last became closed (by the injected clock). */
  closedAtMs: number;
  done: Promise<unknown>;
}

function connectionOf(state: StreamState): Connection {
  return state.status === 'closed' ? 'closed' : state.status;
}

export function createPushService(options: PushServiceOptions) {
  const accountStore = withoutTotpSecret(createFileAccountStore(join(options.dataDir, PUSH_DIR)));
  const device = createPushDevice({ keyStore: createKeychainKeyStore(options.secretStore), accountStore, fetch: options.fetch, clock: options.clock });
  const changed = () => options.onChange?.();
  const pending = createPendingRequests(options.clock, changed);
  const streams = new Map<string, StreamEntry>();

  function setConnection(entry: StreamEntry, connection: Connection): void {
    if (entry.connection === connection) return;
    entry.connection = connection;
    if (connection === 'closed') entry.closedAtMs = options.clock.now();
    changed();
  }

  function listen(account: DeviceAccount, reopen = false): void {
    const running = streams.get(account.enrollmentId);
    if (running && running.connection !== 'closed') return;
    if (running && reopen && options.clock.now() - running.closedAtMs < REOPEN_AFTER_MS) return;
    const controller = new AbortController();
    const entry: StreamEntry = { controller, connection: 'connecting', closedAtMs: 0, done: Promise.resolve() };
    streams.set(account.enrollmentId, entry);
    if (running) changed();
    entry.done = device.openStream(account, {
      signal: controller.signal,
      onRequest(request) {
        if (pending.add(account, request)) options.onRequest(account, request);
      },
      // Settled elsewhere (another device, the CLI, a wrong number): the card leaves the screen.
      onResolved: (resolution) => pending.remove(resolution.transactionId),
      onState: (state) => setConnection(entry, connectionOf(state)),
      onWarning: (message) => console.warn(`[push] ${account.enrollmentId}: ${message}`),
    }).catch((error: unknown) => {
      // The key could not be read (keyring locked): closed until the next push:devices retries it.
      setConnection(entry, 'closed');
      console.warn(`[push] ${account.enrollmentId}: stream stopped`, error instanceof Error ? error.message : error);
    });
  }

  async function view(account: DeviceAccount): Promise<PushDeviceView> {
    const { enrollmentId, userId, issuer, name, baseUrl, enrolledAt } = account;
    return { enrollmentId, userId, issuer, name, baseUrl, enrolledAt, connection: streams.get(enrollmentId)?.connection ?? 'closed' };
  }

  async function stop(enrollmentId: string): Promise<void> {
    const entry = streams.get(enrollmentId);
    streams.delete(enrollmentId);
    entry?.controller.abort();
    await entry?.done;
  }

  return {
    /** Opens one stream per enrollment (reconnecting in the library); a closed one is reopened here. */
    async startAll(): Promise<void> {
      for (const account of await device.accounts()) listen(account);
    },
    async devices(): Promise<PushDeviceView[]> {
      const accounts = await device.accounts();
      for (const account of accounts) listen(account, true);
      return Promise.all(accounts.map(view));
    },
    /** Enrolls, then listens at once so the first login request is not missed. Returns the TOTP too, for the vault. */
    async enroll(barcodeUri: string, name: string): Promise<{ view: PushDeviceView; account: DeviceAccount }> {
      const account = await device.enroll({ barcodeUri, name });
      listen(account);
      changed();
      return { view: await view(account), account };
    },
    /** The same with an enrollment ticket (a `tessera://enroll` link); the recovery code is only passed on, never kept. */
    async enrollWithTicket(ticket: string, issuer: string, name: string): Promise<{ view: PushDeviceView; account: DeviceAccount; recoveryCode: string | null }> {
      const { account, recoveryCode } = await device.enrollWithTicket({ ticket, issuer, name });
      listen(account);
      changed();
      return { view: await view(account), account, recoveryCode };
    },
    async remove(enrollmentId: string): Promise<void> {
      const account = (await device.accounts()).find((candidate) => candidate.enrollmentId === enrollmentId);
      if (!account) throw new InputError(`No push enrollment ${enrollmentId} on this device`);
      await stop(enrollmentId);
      pending.forgetDevice(enrollmentId);
      try {
        await device.unenroll(account);
      } catch (error) {
        // Already gone on the server: forgetting it here is all that is left to do.
        if (!(error instanceof GuardianApiError && (error.status === 401 || error.status === 404))) throw error;
        await device.forget(account);
      }
      changed();
    },
    pending: () => pending.list().map(toRequestView),
    async resolve(transactionId: string, decision: PushDecision, number: string | null): Promise<void> {
      const found = pending.get(transactionId);
      if (!found) throw new InputError('This login request has expired or was already answered');
      try {
        if (decision === 'approve') await device.approve(found.account, found.request, number ?? undefined);
        else await device.deny(found.account, found.request, decision === 'not_me' ? DenyReason.notMe : undefined);
      } catch (error) {
        // The server settled it (expired, answered elsewhere, or a wrong number rejected the login).
        if (error instanceof GuardianApiError && (error.status === 403 || error.status === 404)) pending.remove(transactionId);
        throw error;
      }
      pending.remove(transactionId);
    },
    async close(): Promise<void> {
      pending.close();
      await Promise.all([...streams.keys()].map(stop));
    },
  };
}

export type PushService = ReturnType<typeof createPushService>;
