import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AdminCredentials, AdminCredentialsStore } from './bootstrap.js';
import { writeFileDurably } from './durable-file.js';

export const ADMIN_CREDENTIALS_FILE = 'admin-client.json';

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
      writeFileDurably(path, JSON.stringify(body, null, 2) + '\n');
    },
    // Left by a first start that died before its commit: it names a client that never existed.
    discard() {
      rmSync(path, { force: true });
    },
  };
}
