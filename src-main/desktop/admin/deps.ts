import type { SecretStore } from '../../vault';

/** The desktop app's embedded server, started on demand, with the admin client its first start created. */
export interface EmbeddedAdminHost {
  ensureRunning(): Promise<{ baseUrl: string; clientId: string; clientSecret: string }>;
}

export interface AdminServiceDeps {
  dataDir: string;
  secretStore: SecretStore;
  embedded?: EmbeddedAdminHost;
  fetch?: typeof fetch;
  clock?: { now(): number };
}
