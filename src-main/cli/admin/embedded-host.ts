import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_CREDENTIALS_FILE } from '../../../server/admin-credentials.js';
import type { EmbeddedAdminHost } from '../../desktop/admin/deps';
import { readEmbeddedAdminClient } from '../../desktop/admin/embedded-host';
import { AdminError, AdminErrorKind } from '../../desktop/admin/types';
import { createEmbeddedServer, SERVER_DIR, SERVER_HOST, type EmbeddedServer } from '../../desktop/embedded-server';
import { openSettingsStore } from '../../desktop/settings-store';
import type { Clock } from '../../push-device';
import type { SecretStore } from '../../vault';

/** The app's server is on loopback: it answers at once or is not there. */
const PROBE_TIMEOUT_MS = 2_000;

export interface CliEmbeddedHost extends EmbeddedAdminHost {
  /** Stops the server this command started, if it started one; the app's own server is left running. */
  stop(): Promise<void>;
}

interface HostDeps {
  appDataDir: string;
  secretStore: SecretStore;
  clock: Clock;
  fetch: typeof fetch;
}

/** True when `baseUrl` answers with its OpenID configuration as that very issuer: a Tessera listening there. */
async function answersAs(fetchFn: typeof fetch, baseUrl: string): Promise<boolean> {
  try {
    const response = await fetchFn(`${baseUrl}.well-known/openid-configuration`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS), redirect: 'error' });
    const body = response.ok ? ((await response.json()) as { issuer?: unknown }) : null;
    return body?.issuer === baseUrl;
  } catch {
    return false;
  }
}

/**
 * "This computer" from a terminal. If the app's server answers on the port from the app's settings, the
 * command uses it (it holds the database); otherwise the command runs the same embedded server in-process on
 * that port, with the same keychain data key, and stops it when done. Undefined until the app's server first
 * started (its admin client file exists): a terminal command does not create a tenant.
 */
export function cliEmbeddedHost(deps: HostDeps): CliEmbeddedHost | undefined {
  const folder = join(deps.appDataDir, SERVER_DIR);
  if (!existsSync(join(folder, ADMIN_CREDENTIALS_FILE))) return undefined;
  let started: EmbeddedServer | undefined;

  async function baseUrl(): Promise<string> {
    const port = (await openSettingsStore(deps.appDataDir)).get().serverPort;
    const appsServer = `http://${SERVER_HOST}:${port}/`;
    if (await answersAs(deps.fetch, appsServer)) return appsServer;
    started ??= createEmbeddedServer({ dataDir: deps.appDataDir, secretStore: deps.secretStore, clock: deps.clock });
    const status = await started.start(port);
    if (status.state !== 'running' || !status.url) {
      throw new AdminError(AdminErrorKind.unreachable, `The server on this computer could not start${status.message ? ` (${status.message})` : ''}`);
    }
    return status.url;
  }

  return {
    async ensureRunning() {
      const url = await baseUrl();
      return { baseUrl: url, ...(await readEmbeddedAdminClient(folder)) };
    },
    async stop() {
      await started?.stop();
    },
  };
}
