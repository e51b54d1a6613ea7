import type { IpcOutcome } from '../../ipc/contract';
import type { HandlersFor } from '../channel-handlers';
import type { LockService } from '../lock-service';
import { LOCKED, outcomeOf } from '../outcome';
import type { BackupService } from './backup-service';

/** The backup:* channels: all behind the app lock, as the settings are. */
export function createBackupHandlers(backups: BackupService, lock: LockService): HandlersFor<'backup'> {
  const unlocked = async <T>(work: () => T | Promise<T>): Promise<IpcOutcome<T>> => (lock.isLocked() ? LOCKED : outcomeOf(work));
  return {
    'backup:status': () => unlocked(backups.status),
    'backup:update': (patch) => unlocked(() => backups.update(patch)),
    'backup:chooseFolder': () => unlocked(backups.chooseFolder),
    'backup:setPassword': (password) => unlocked(() => backups.setPassword(password)),
    'backup:runNow': () => unlocked(backups.runNow),
    'backup:reminder': () => unlocked(backups.reminder),
    'backup:snoozeReminder': () => unlocked(async () => (await backups.snoozeReminder(), null)),
  };
}
