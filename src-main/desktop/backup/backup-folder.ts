import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { InputError } from '../outcome';
import { describeBackupFailure } from './backup-failure';

/** Refuses, in words, a chosen folder that backups could not be written to, before it is saved. */
export async function checkBackupFolder(folder: string): Promise<void> {
  if (!isAbsolute(folder)) throw new InputError(`${folder} is not a full path to a folder`);
  try {
    if (!(await stat(folder)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    await access(folder, constants.W_OK);
  } catch (error) {
    throw new InputError(describeBackupFailure(error, folder));
  }
}
