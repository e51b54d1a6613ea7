import type { AdminApi } from '../../desktop/admin/types';
import type { CliContext } from '../context';
import { tesseraHome } from '../data-dir';

/**
 * Opens the admin service for one command and always closes it. The same service as the desktop app's
 * console, over the CLI's data folder: the connection store lives there and each connection's client
 * secret in the OS keychain. Loaded lazily so `tessera device …` never loads the SDK or keytar.
 */
export async function withAdminService<T>(context: CliContext, use: (service: AdminApi) => Promise<T>): Promise<T> {
  const { createAdminService } = await import('../../desktop/admin/service');
  const secretStore = context.secretStore ?? (await import('../../vault')).createKeytarSecretStore(context.platform);
  const service = createAdminService({
    dataDir: tesseraHome(context),
    secretStore,
    fetch: (input, init) => (input instanceof Request ? fetch(input, init) : context.fetch(String(input), init)),
    clock: context.clock,
  });
  try {
    return await use(service);
  } finally {
    await service.close();
  }
}
