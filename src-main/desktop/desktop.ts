import type { AppInfo } from '../ipc/contract';
import type { DeviceAccount, FetchLike, PushRequest } from '../push-device';
import type { SecretStore } from '../vault';
import type { ElectronAdapters } from './adapters';
import type { ChannelHandlers } from './channel-handlers';
import { createCodeClipboard } from './clipboard-copy';
import { createEmbeddedServer, type EmbeddedServer } from './embedded-server';
import { createLockService, type LockService } from './lock-service';
import { LOCKED, ok } from './outcome';
import { createPushHandlers } from './push-handlers';
import { createPushService, type PushService } from './push-service';
import { createServerHandlers } from './server-handlers';
import { openSettingsStore } from './settings-store';
import { createVaultHandlers } from './vault-handlers';
import { createVaultHolder, type VaultHolder } from './vault-holder';

export type { ChannelHandlers } from './channel-handlers';

export interface DesktopDeps {
  dataDir: string;
  secretStore: SecretStore;
  adapters: ElectronAdapters;
  clock?: { now(): number };
  /** What `app:getInfo` answers (Electron's app name and version). */
  appInfo?: AppInfo;
  /** For tests: the push device's HTTP client. */
  fetch?: FetchLike;
}

/** Main's services for the tray, deep links and tests; the page reaches them only through `handlers`. */
export interface Desktop {
  handlers: ChannelHandlers;
  lock: LockService;
  vault: VaultHolder;
  push: PushService;
  server: EmbeddedServer;
  close(): Promise<void>;
}

function describePush(account: DeviceAccount, request: PushRequest, locked: boolean): string {
  // Notifications show on the lock screen: while locked they say only that a login waits.
  if (locked) return 'A login is waiting for your approval. Unlock Tessera to answer.';
  const who = request.notification.tessera.client_name ?? 'An application';
  return `${who} asks to sign in to ${account.issuer}. Open Tessera to approve or deny.`;
}

/**
 * The desktop app's main-process services, plain Node: Electron reaches them through `adapters` and
 * registers `handlers` on ipcMain; the Chromium test bridge calls the same handlers directly.
 */
export async function createDesktop(deps: DesktopDeps): Promise<Desktop> {
  const clock = deps.clock ?? Date;
  const settings = await openSettingsStore(deps.dataDir);
  const lock = createLockService(settings, deps.adapters.lockEvents);
  const vault = createVaultHolder({ dataDir: deps.dataDir, secretStore: deps.secretStore, clock, lock });
  const clipboard = createCodeClipboard(deps.adapters.clipboard);
  const server = createEmbeddedServer({ dataDir: deps.dataDir, secretStore: deps.secretStore, clock });
  const push = createPushService({
    dataDir: deps.dataDir,
    secretStore: deps.secretStore,
    clock,
    fetch: deps.fetch,
    onRequest: (account, request) => deps.adapters.notify('Login request', describePush(account, request, lock.isLocked())),
  });
  const appInfo: AppInfo = deps.appInfo ?? { name: 'Tessera', version: '0.0.0', platform: process.platform };

  const handlers: ChannelHandlers = {
    'app:getInfo': async () => appInfo,
    ...createVaultHandlers({ vault, lock, settings, adapters: deps.adapters, clipboard, clock }),
    'lock:lock': async () => lock.lock(),
    'lock:unlock': (passcode) => lock.unlock(passcode),
    // Changing the passcode or the lock settings is itself behind the lock.
    'lock:setPasscode': async (current, next) => (lock.isLocked() ? LOCKED : lock.setPasscode(current, next)),
    'lock:activity': async () => (lock.activity(), null),
    'settings:get': async () => settings.get(),
    'settings:update': async (patch) => {
      if (lock.isLocked()) return LOCKED;
      const updated = await settings.update(patch);
      lock.rearm();
      return ok(updated);
    },
    ...createPushHandlers(push, lock, vault),
    ...createServerHandlers(server, settings),
  };

  if (settings.get().serverAutoStart) void server.start(settings.get().serverPort);
  // Streams need the device keys from the keychain; a locked keyring leaves them closed until push:devices.
  void push.startAll().catch((error: unknown) => console.warn('[push] streams not started', error));

  return {
    handlers,
    lock,
    vault,
    push,
    server,
    async close() {
      lock.close();
      clipboard.close();
      await push.close();
      await server.stop();
      vault.close();
    },
  };
}
