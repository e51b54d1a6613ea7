import { randomBytes } from 'node:crypto';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** The names automatic backups get; retention deletes only files matching it, never anything else in the folder. */
export const BACKUP_FILE_PATTERN = /^tessera-backup-\d{4}-\d{2}-\d{2}-\d{6}\.json$/;

const two = (value: number) => String(value).padStart(2, '0');

/**
 * `tessera-backup-YYYY-MM-DD-HHMMSS.json` in UTC: names sort in time order, and the daylight-saving
 * hour that repeats in local time cannot make a newer backup sort before an older one.
 */
export function backupFileName(atMs: number): string {
  const at = new Date(atMs);
  const date = `${at.getUTCFullYear()}-${two(at.getUTCMonth() + 1)}-${two(at.getUTCDate())}`;
  return `tessera-backup-${date}-${two(at.getUTCHours())}${two(at.getUTCMinutes())}${two(at.getUTCSeconds())}.json`;
}

/**
 * Writes `text` as `folder/name` all at once: a 0600 temp file in the same folder (so the rename stays
 * on one file system), flushed to disk, then renamed over. A crash or a full disk leaves the old files
 * and at most a dot-named temp file, never half a backup under a backup's name.
 */
export async function writeBackupAtomically(folder: string, name: string, text: string): Promise<string> {
  const target = join(folder, name);
  const temp = join(folder, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  // 'wx': never follows or reuses a file someone placed under the temp name.
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
    await handle.close();
    await rename(temp, target);
    return target;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** Deletes the oldest automatic backups beyond `keep`; answers the names deleted. Other files are left alone. */
export async function pruneBackups(folder: string, keep: number): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const names = entries.filter((entry) => entry.isFile() && BACKUP_FILE_PATTERN.test(entry.name)).map((entry) => entry.name).sort();
  const old = names.slice(0, Math.max(0, names.length - keep));
  for (const name of old) await unlink(join(folder, name));
  return old;
}
