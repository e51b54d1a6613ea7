import { ChangeTopic, type AppInfo, type ChangeListener } from '../ipc/contract';
import type { DeviceAccount, FetchLike, PushRequest } from '../push-device';
import type { ScryptCost, SecretStore } from '../vault';
import type { PasscodeCost } from './passcode';
import type { ElectronAdapters } from './adapters';
import { createAdminHandlers } from './admin-handlers';
import { createEmbeddedAdminHost } from './admin/embedded-host';
import { createAdminService, type AdminService } from './admin/service';
import { createBackupHandlers } from './backup/backup-handlers';
import { createBackupService, type BackupService } from './backup/backup-service';
import { createChangeEmitter } from './change-emitter';
import type { ChannelHandlers } from './channel-handlers';
import { copyWithClearSetting, createCodeClipboard } from './clipboard-copy';
import { createEmbeddedServer, type EmbeddedServer, type EmbeddedServerCost } from './embedded-server';
import { createLockService, SYSTEM_TIMERS, type IdleTimers, type LockService } from './lock-service';
import { LOCKED, ok } from './outcome';
import { createPushHandlers } from './push-handlers';
import { createPushService, type PushService } from './push-service';
import { recoveryCodeNotice } from './ticket-barcode';
import { createTicketEnrollment, type TicketEnroller } from './ticket-enrollment';
import { createTouchIdUnlock } from './touch-id-unlock';
import { createServerHandlers, followPortSetting } from './server-handlers';
import { openSettingsStore } from './settings-store';
import { createPaletteHandlers, type PaletteHandlers } from './palette/palette-service';
import { followPaletteShortcut } from './palette/palette-shortcut';
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
  /** For tests: the idle-lock timer (e.g. one where a minute passes in a second). */
  idleTimers?: IdleTimers;
  /** For tests: the automatic backups' delay and staleness timers. */
  backupTimers?: IdleTimers;
  /** For tests: the admin console's HTTP client (the Management API and token requests). */
  adminFetch?: typeof fetch;
  /** For tests: cheaper scrypt for encrypted backups and the passcode (each file or hash records its cost). */
  kdf?: { backup?: ScryptCost; passcode?: PasscodeCost };
  /** For tests: the embedded server's password-hash cost and signing key. */
  serverCost?: EmbeddedServerCost;
}

/** Main's services for the tray, deep links and tests; the page reaches them only through `handlers`. */
export interface Desktop {
  handlers: ChannelHandlers;
  lock: LockService;
  vault: VaultHolder;
  push: PushService;
  /**
   * A `tessera://enroll?ticket=…` link's enrollment: main only, never a channel. A first enrollment's
   * recovery code is shown in main's dialog before it answers, and never returned.
   */
  enrollFromTicket: TicketEnroller;
  server: EmbeddedServer;
  /** The admin console's service (the `admin:*` channels' only way to a tenant). */
  admin: AdminService;
  /** The quick-search palette's calls, served to its own page only (electron-palette.ts). */
  palette: PaletteHandlers;
  /** Automatic backups to a folder, and the reminder when none ran for long. */
  backups: BackupService;
  /** Change topics for the page (index.ts sends them to the main window); returns the unsubscribe. */
  onChange(listener: ChangeListener): () => void;
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
  const changes = createChangeEmitter();
  const settings = await openSettingsStore(deps.dataDir);
  // Every saved change, whichever screen or service made it: the screens that read settings ask again.
  settings.onChange(() => changes.emit(ChangeTopic.settings));
  const lock = createLockService(settings, deps.adapters.lockEvents, deps.idleTimers, deps.kdf?.passcode);
  lock.onChange(() => changes.emit(ChangeTopic.lock));
  const vault = createVaultHolder({ dataDir: deps.dataDir, secretStore: deps.secretStore, clock, lock, backupCost: deps.kdf?.backup });
  const clipboard = createCodeClipboard(deps.adapters.clipboard);
  const server = createEmbeddedServer({ dataDir: deps.dataDir, secretStore: deps.secretStore, clock, cost: deps.serverCost, onStatus: () => changes.emit(ChangeTopic.server) });
  followPortSetting(server, settings, () => changes.emit(ChangeTopic.server));
  const push = createPushService({
    dataDir: deps.dataDir,
    secretStore: deps.secretStore,
    clock,
    fetch: deps.fetch,
    onRequest: (account, request) => deps.adapters.notify('Login request', describePush(account, request, lock.isLocked())),
    onChange: () => changes.emit(ChangeTopic.push),
  });
  const backups = await createBackupService({
    dataDir: deps.dataDir,
    secretStore: deps.secretStore,
    vault,
    clock,
    timers: deps.backupTimers ?? SYSTEM_TIMERS,
    chooseFolder: () => deps.adapters.showFolderDialog({ title: 'Choose a folder for automatic backups' }),
    notify: (title, body) => deps.adapters.notify(title, body),
    onChange: () => changes.emit(ChangeTopic.backup),
  });
  // Every change to the accounts, from any screen, a deep link or a push enrollment, is backed up.
  const accountsChanged = () => {
    changes.emit(ChangeTopic.accounts);
    backups.vaultChanged();
  };
  // The one way a recovery code is shown (a ticket link, or a push QR code carrying a ticket): main's
  // dialog, whose Copy puts it on the clipboard as codes go (cleared after the setting's seconds, and on quit).
  const showRecoveryCode = (issuer: string, code: string) =>
    deps.adapters.showSecretOnce(...recoveryCodeNotice(issuer, code), () => copyWithClearSetting(clipboard, settings, code));
  const enrollFromTicket = createTicketEnrollment(push, lock, vault, accountsChanged, showRecoveryCode);
  const touchId = createTouchIdUnlock(lock, settings, deps.adapters.touchId);
  const admin = createAdminService({
    dataDir: deps.dataDir,
    secretStore: deps.secretStore,
    clock,
    ...(deps.adminFetch ? { fetch: deps.adminFetch } : {}),
    embedded: createEmbeddedAdminHost(server, settings),
  });
  const appInfo: AppInfo = deps.appInfo ?? { name: 'Tessera', version: '0.0.0', platform: process.platform };
  const vaultHandlers = createVaultHandlers({
    vault, lock, settings, adapters: deps.adapters, clipboard, clock, onAccountsChanged: accountsChanged, onExported: backups.exported,
  });
  const palette = createPaletteHandlers({
    vault, lock, window: deps.adapters.palette, showMainWindow: () => deps.adapters.showMainWindow(), copyCode: vaultHandlers['vault:copyCode'],
  });
  const paletteShortcut = followPaletteShortcut(deps.adapters.globalShortcut, settings, () => deps.adapters.palette.show());
  // Content protection follows its setting live, for the windows open now and those opened later.
  deps.adapters.setContentProtection(settings.get().contentProtection);
  settings.onChange((next, previous) => {
    if (next.contentProtection !== previous.contentProtection) deps.adapters.setContentProtection(next.contentProtection);
  });

  const handlers: ChannelHandlers = {
    'app:getInfo': async () => appInfo,
    ...vaultHandlers,
    'lock:lock': async () => lock.lock(),
    'lock:unlock': (passcode) => lock.unlock(passcode),
    // Changing the passcode or the lock settings is itself behind the lock.
    'lock:setPasscode': async (current, next) => {
      if (lock.isLocked()) return LOCKED;
      const outcome = await lock.setPasscode(current, next);
      // Without a passcode Touch ID has nothing to stand in for; a later passcode starts with it off.
      if (outcome.ok && next === null && settings.get().touchIdUnlock) await settings.update({ touchIdUnlock: false });
      // vault:status tells whether a passcode is set (the page shows the Lock button by it).
      if (outcome.ok) changes.emit(ChangeTopic.lock);
      return outcome;
    },
    'lock:activity': async () => (lock.activity(), null),
    ...touchId.handlers,
    'settings:get': async () => settings.get(),
    'settings:paletteStatus': async () => paletteShortcut.status(),
    // The store's listeners apply the change first: the idle timer restarts, a running server moves port.
    'settings:update': async (patch) => (lock.isLocked() ? LOCKED : (touchId.refusePatch(patch) ?? ok(await settings.update(patch)))),
    ...createPushHandlers({ push, lock, vault, adapters: deps.adapters, onAccountsChanged: accountsChanged, enrollFromTicket }),
    ...createServerHandlers(server, settings),
    ...createBackupHandlers(backups, lock),
    ...createAdminHandlers({ admin, lock, clipboard, settings, adapters: deps.adapters, onConnectionsChanged: () => changes.emit(ChangeTopic.admin) }),
  };

  if (settings.get().serverAutoStart) void server.start(settings.get().serverPort);
  // Streams need the device keys from the keychain; a locked keyring leaves them closed until push:devices.
  void push.startAll().catch((error: unknown) => console.warn('[push] streams not started', error));

  return {
    handlers,
    lock,
    vault,
    push,
    enrollFromTicket,
    server,
    admin,
    palette,
    backups,
    onChange: changes.subscribe,
    async close() {
      paletteShortcut.close();
      lock.close();
      clipboard.close();
      await push.close();
      // Before the server stops: a session to "This computer" must not outlive it.
      await admin.close();
      await server.stop();
      // Before the vault closes: a change still waiting for its backup is written now.
      await backups.close();
      vault.close();
    },
  };
}
