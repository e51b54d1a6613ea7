import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdminCredentials } from './bootstrap.js';

export const ADMIN_CREDENTIALS_FILE = 'admin-client.json';

/**
 * The generated admin client's credentials as a 0600 JSON file in the data dir, shown once at first
 * start; shared by the standalone server and the desktop app's embedded one. Returns the file's path.
 */
export function writeAdminCredentials(dataDir: string, issuer: string, admin: AdminCredentials): string {
  const file = join(dataDir, ADMIN_CREDENTIALS_FILE);
  const body = { client_id: admin.clientId, client_secret: admin.clientSecret, audience: `${issuer}api/v2/`, token_endpoint: `${issuer}oauth/token` };
  writeFileSync(file, JSON.stringify(body, null, 2) + '\n', { mode: 0o600 });
  return file;
}
