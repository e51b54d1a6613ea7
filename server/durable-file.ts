import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes `text` to `file` so that a crash at any moment leaves either the old state or the whole new
 * file, never a torn one: written beside it, fsynced, moved into place, and the directory fsynced.
 * `exclusive` refuses (EEXIST) to replace a file that is already there, as the `wx` flag does.
 */
export function writeFileDurably(file: string, text: string, options: { exclusive?: boolean } = {}): void {
  // One fixed name: a temp file a crash leaves behind is reused by the next attempt, not accumulated.
  const temp = `${file}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    // link() fails when the name exists, which rename() would silently replace.
    if (options.exclusive) linkSync(temp, file);
    else renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
  syncDirectory(dirname(file));
}

/** A new or renamed name lives in the directory entry: fsync it, or a crash of the machine may lose it. */
function syncDirectory(dir: string): void {
  // Windows cannot open a directory for fsync, and its rename (MoveFileEx) is already write-through.
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
