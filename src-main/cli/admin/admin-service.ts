import type { AdminService } from '../../desktop/admin/service';
import type { CliContext } from '../context';
import { desktopDataDir } from '../data-dir';

/**
 * Opens the admin service for one command and always closes it. The same service as the desktop app's
 * console, over the app's data folder: its connection store, its embedded server ("This computer") and the
 * same OS keychain items. Loaded lazily so `tessera device …` never loads the SDK, the keyring binding or the server.
 */
export async function withAdminService<T>(context: CliContext, use: (service: AdminService) => Promise<T>): Promise<T> {
  const [{ createAdminService }, { cliEmbeddedHost }] = await Promise.all([import('../../desktop/admin/service'), import('./embedded-host')]);
  const secretStore = context.secretStore ?? (await import('../../vault')).createOsSecretStore(context.platform);
  const fetchFn: typeof fetch = (input, init) => (input instanceof Request ? fetch(input, init) : context.fetch(String(input), init));
  const dataDir = desktopDataDir(context);
  const embedded = cliEmbeddedHost({ appDataDir: dataDir, secretStore, clock: context.clock, fetch: fetchFn });
  const service = createAdminService({ dataDir, secretStore, fetch: fetchFn, clock: context.clock, ...(embedded ? { embedded } : {}) });
  try {
    return await use(service);
  } finally {
    // The server this command started stops even when closing the service fails.
    await service.close().finally(() => embedded?.stop());
  }
}
