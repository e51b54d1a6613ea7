import type { SecretStore } from '../../vault';

/** One keychain item per saved connection: service "Tessera Admin", account = the connection id. */
export const ADMIN_SECRET_SERVICE = 'Tessera Admin';

export function adminSecrets(store: SecretStore) {
  return {
    read: (connectionId: string) => store.get(ADMIN_SECRET_SERVICE, connectionId),
    save: (connectionId: string, secret: string) => store.set(ADMIN_SECRET_SERVICE, connectionId, secret),
    forget: (connectionId: string) => store.delete(ADMIN_SECRET_SERVICE, connectionId),
  };
}
export type AdminSecrets = ReturnType<typeof adminSecrets>;
