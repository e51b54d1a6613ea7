import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { AdminCredentials, AdminCredentialsStore } from './bootstrap.js';

export const ADMIN_CREDENTIALS_FILE = 'admin-client.json';

/** Durable before it returns: written beside the target, fsynced, renamed over it, and the rename fsynced. */
function writeFileAtomically(file: string, text: string): void {
  const temp = `${file}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  // A rename lives in the directory entry: without this a crash could still bring back the old file.
  // Windows cannot open a directory for fsync, and its rename (MoveFileEx) is already write-through.
  if (process.platform === 'win32') return;
  const dir = openSync(join(file, '..'), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/**
 * The generated admin client's credentials as a 0600 JSON file in the data dir, shared by the
 * standalone server and the desktop app's embedded one. Bootstrap writes it before the tenant commits,
 * so no crash can leave a tenant whose admin secret exists nowhere.
 */
export function adminCredentialsFile(dataDir: string, issuer: string): AdminCredentialsStore & { path: string } {
  const path = join(dataDir, ADMIN_CREDENTIALS_FILE);
  return {
    path,
    save(admin: AdminCredentials) {
      const body = { client_id: admin.clientId, client_secret: admin.clientSecret, audience: `${issuer}api/v2/`, token_endpoint: `${issuer}oauth/token` };
      writeFileAtomically(path, JSON.stringify(body, null, 2) + '\n');
    },
    // Left by a first start that died before its commit: it names a client that never existed.
    discard() {
      rmSync(path, { force: true });
    },
  };
}
