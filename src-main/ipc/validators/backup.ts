import type { BackupChannels } from '../contract';
import { BACKUP_KEEP } from '../../desktop/backup/backup-state';
import { boolean, integer, MAX_PASSWORD, record, string, tuple, type AreaValidators } from './checks';

export const backupValidators: AreaValidators<BackupChannels> = {
  'backup:status': tuple(),
  'backup:update': tuple(record({}, { enabled: boolean, keep: integer(BACKUP_KEEP.min, BACKUP_KEEP.max) })),
  'backup:chooseFolder': tuple(),
  'backup:setPassword': tuple(string(MAX_PASSWORD, 1)),
  'backup:runNow': tuple(),
  'backup:reminder': tuple(),
  'backup:snoozeReminder': tuple(),
};
