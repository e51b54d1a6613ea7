import { writeFile } from 'node:fs/promises';
import { AdminError, ExportFormat, type ExportSaveResult, type IpcOutcome, type LogExportQuery } from '../ipc/contract';
import type { AdminApi } from './admin/types';
import type { ElectronAdapters } from './adapters';
import type { HandlersFor } from './channel-handlers';
import { copyWithClearSetting, type CodeClipboard } from './clipboard-copy';
import type { LockService } from './lock-service';
import { fail, LOCKED, ok, toUserError } from './outcome';
import type { SettingsStore } from './settings-store';

export interface AdminHandlerDeps {
  admin: AdminApi;
  lock: LockService;
  clipboard: CodeClipboard;
  settings: SettingsStore;
  /** The save dialog of admin:saveExport. */
  adapters: Pick<ElectronAdapters, 'showSaveDialog'>;
  /** Connections were added, removed or switched: the page asks admin:connections again. */
  onConnectionsChanged(): void;
}

const EXPORT_FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  json: { name: 'JSON', extensions: ['json'] },
  csv: { name: 'CSV', extensions: ['csv'] },
};

/** An admin operation's failure as the page sees it: AdminError kinds are UserError kinds, word for word. */
async function adminOutcome<T>(work: () => Promise<T>): Promise<IpcOutcome<T>> {
  try {
    return ok(await work());
  } catch (error) {
    if (error instanceof AdminError) return fail(error.kind, error.message);
    return { ok: false, error: toUserError(error) };
  }
}

/**
 * The `admin:*` channels over the admin service. Like every other area they refuse while the app is
 * locked: an unattended unlocked console must not be a way round the lock.
 */
export function createAdminHandlers(deps: AdminHandlerDeps): HandlersFor<'admin'> {
  const { admin, lock } = deps;
  function guarded<T>(work: () => Promise<T>): Promise<IpcOutcome<T>> {
    return lock.isLocked() ? Promise.resolve(LOCKED) : adminOutcome(work);
  }
  const done = (work: () => Promise<void>) => guarded(async () => (await work(), null));
  function connectionChange<T>(work: () => Promise<T>): Promise<IpcOutcome<T>> {
    return guarded(async () => {
      const value = await work();
      deps.onConnectionsChanged();
      return value;
    });
  }

  async function saveExport(query: LogExportQuery, format: ExportFormat): Promise<ExportSaveResult> {
    const path = await deps.adapters.showSaveDialog({
      title: 'Export the audit log',
      defaultFileName: `tessera-audit-log.${format}`,
      filters: [EXPORT_FILTERS[format]],
    });
    if (path === null) return { saved: false };
    const text = await admin.exportLogs(query, format);
    // The log names people and addresses: readable by this user only, as the vault's exports are.
    await writeFile(path, text, { mode: 0o600 });
    return { saved: true, path };
  }

  return {
    'admin:connections': () => guarded(() => admin.connections()),
    'admin:addRemoteConnection': (input) => connectionChange(() => admin.addRemoteConnection(input)),
    'admin:removeConnection': (id) => connectionChange(async () => (await admin.removeConnection(id), null)),
    'admin:useConnection': (id) => connectionChange(() => admin.useConnection(id)),
    'admin:listUsers': (query) => guarded(() => admin.listUsers(query)),
    'admin:getUser': (idOrEmail) => guarded(() => admin.getUser(idOrEmail)),
    'admin:removeAuthenticator': (userId, authenticatorId) => done(() => admin.removeAuthenticator(userId, authenticatorId)),
    'admin:resetMfa': (userId, confirmEmail) => done(() => admin.resetMfa(userId, confirmEmail)),
    'admin:regenerateRecoveryCode': (userId) => guarded(() => admin.regenerateRecoveryCode(userId)),
    'admin:createTicket': (request) => guarded(() => admin.createTicket(request)),
    'admin:unlockPush': (userId) => done(() => admin.unlockPush(userId)),
    'admin:forgetBrowsers': (userId) => done(() => admin.forgetBrowsers(userId)),
    'admin:userLogs': (userId, take) => guarded(() => admin.userLogs(userId, take)),
    'admin:guardianSettings': () => guarded(() => admin.guardianSettings()),
    'admin:setFactor': (name, enabled) => guarded(() => admin.setFactor(name, enabled)),
    'admin:setPolicy': (policy) => guarded(() => admin.setPolicy(policy)),
    'admin:setPushSettings': (patch) => guarded(() => admin.setPushSettings(patch)),
    'admin:phoneSettings': () => guarded(() => admin.phoneSettings()),
    'admin:setPhoneSettings': (patch) => guarded(() => admin.setPhoneSettings(patch)),
    'admin:sendPhoneTest': (request) => guarded(() => admin.sendPhoneTest(request)),
    'admin:emailSettings': () => guarded(() => admin.emailSettings()),
    'admin:setEmailSettings': (patch) => guarded(() => admin.setEmailSettings(patch)),
    'admin:sendEmailTest': (request) => guarded(() => admin.sendEmailTest(request)),
    'admin:logs': (query) => guarded(() => admin.logs(query)),
    'admin:tailLogs': (request) => guarded(() => admin.tailLogs(request)),
    'admin:exportLogs': (query, format) => guarded(() => admin.exportLogs(query, format)),
    'admin:previewBulkReset': (selection) => guarded(() => admin.previewBulkReset(selection)),
    'admin:startBulkReset': (selection) => guarded(() => admin.startBulkReset(selection)),
    'admin:bulkResetProgress': (jobId) => guarded(() => admin.bulkResetProgress(jobId)),
    'admin:applications': () => guarded(() => admin.applications()),
    'admin:createApplication': (input) => guarded(() => admin.createApplication(input)),
    'admin:rotateApplicationSecret': (clientId) => guarded(() => admin.rotateApplicationSecret(clientId)),
    'admin:deleteApplication': (clientId) => done(() => admin.deleteApplication(clientId)),
    'admin:logStreams': () => guarded(() => admin.logStreams()),
    'admin:createLogStream': (input) => guarded(() => admin.createLogStream(input)),
    'admin:updateLogStream': (id, patch) => guarded(() => admin.updateLogStream(id, patch)),
    'admin:deleteLogStream': (id) => done(() => admin.deleteLogStream(id)),
    'admin:testLogStream': (id) => guarded(() => admin.testLogStream(id)),
    'admin:recentAlerts': () => guarded(() => admin.recentAlerts()),
    'admin:outbox': (request) => guarded(() => admin.outbox(request)),
    'admin:copySecret': (text) => guarded(async () => copyWithClearSetting(deps.clipboard, deps.settings, text)).then(withoutHotp),
    'admin:saveExport': (query, format) => guarded(() => saveExport(query, format)),
  };
}

/** copyWithClearSetting answers a CopyResult; a copied secret is never an HOTP code. */
function withoutHotp(outcome: IpcOutcome<{ clearsAfterSeconds: number }>): IpcOutcome<{ clearsAfterSeconds: number }> {
  return outcome.ok ? ok({ clearsAfterSeconds: outcome.value.clearsAfterSeconds }) : outcome;
}
