import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ADMIN_CREDENTIALS_FILE } from '../../../server/admin-credentials.js';
import type { EmbeddedServer } from '../embedded-server';
import type { EmbeddedAdminHost } from './deps';
import { AdminError, AdminErrorKind } from './types';

interface CredentialsFile {
  client_id?: unknown;
  client_secret?: unknown;
}

/** The admin client the embedded server's first start created (the 0600 credentials file in its folder). */
export async function readEmbeddedAdminClient(folder: string): Promise<{ clientId: string; clientSecret: string }> {
  let file: CredentialsFile;
  try {
    file = JSON.parse(await readFile(join(folder, ADMIN_CREDENTIALS_FILE), 'utf8')) as CredentialsFile;
  } catch {
    throw new AdminError(AdminErrorKind.notConnected, "The server on this computer has no admin client file: restart the server to create it");
  }
  if (typeof file.client_id !== 'string' || typeof file.client_secret !== 'string') {
    throw new AdminError(AdminErrorKind.notConnected, 'The admin client file of the server on this computer is damaged: restart the server');
  }
  return { clientId: file.client_id, clientSecret: file.client_secret };
}

/**
 * "This computer": starts the embedded server if it is not running, on the port from Settings, and
 * signs in with the admin client its first start created (the 0600 credentials file in its folder).
 */
export function createEmbeddedAdminHost(server: EmbeddedServer, settings: { get(): { serverPort: number } }): EmbeddedAdminHost {
  return {
    async ensureRunning() {
      const current = server.status();
      const status = current.state === 'running' && current.url ? current : await server.start(settings.get().serverPort);
      if (status.state !== 'running' || !status.url) {
        throw new AdminError(AdminErrorKind.unreachable, `The server on this computer is not running${status.message ? ` (${status.message})` : ''}: start it in the Server tab`);
      }
      return { baseUrl: status.url, ...(await readEmbeddedAdminClient(server.folder)) };
    },
  };
}
