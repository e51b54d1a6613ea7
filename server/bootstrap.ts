import { randomString } from './crypto/random.js';
import type { SecretBox } from './crypto/secret-box.js';
import type { Clock, Random } from './deps.js';
import { MANAGEMENT_AUDIENCE_KEY, MANAGEMENT_SCOPES } from './scopes.js';
import type { Store } from './store/index.js';
import { signingKeyRow, type SigningKeyPair } from './tokens/signer.js';

export interface AdminCredentials {
  clientId: string;
  clientSecret: string;
}

/** Where generated admin credentials are kept; `save` must be durable when it returns. */
export interface AdminCredentialsStore {
  save(admin: AdminCredentials): void;
  /** Forgets credentials an earlier, unfinished first start saved (the admin now comes from the operator). */
  discard(): void;
}

export interface BootstrapResult {
  /** Present only on the first start, when the tenant was created. */
  created?: { admin: AdminCredentials; generated: boolean };
}

export interface BootstrapInput {
  store: Store;
  secrets: SecretBox;
  clock: Clock;
  random: Random;
  tenantName: string;
  /** From TESSERA_ADMIN_CLIENT_ID / TESSERA_ADMIN_CLIENT_SECRET; generated when absent. */
  admin?: Partial<AdminCredentials>;
  /** Required when the admin is generated: its secret is saved here before the tenant exists. */
  credentials?: AdminCredentialsStore;
  /** Tests pass one pre-generated pair to skip RSA key generation; production never does. */
  signingKeyPair?: SigningKeyPair;
}

/**
 * On first start with an empty database: creates the tenant, its signing key and an admin
 * Management API client (client_credentials, every Management scope). Idempotent afterwards.
 *
 * Crash-safe: generated credentials are saved durably first, then one transaction creates the tenant,
 * key and client. A crash before the commit leaves no tenant, and the next start begins again (saving
 * new credentials over the old); after it, the saved credentials are the admin client's. Of instances
 * starting together on one empty database, one creates the tenant and the others find it.
 */
export async function bootstrapTenant(input: BootstrapInput): Promise<BootstrapResult> {
  const { store } = input;
  if (await store.tenant.exists()) return {};
  const now = input.clock.now();
  const generated = !(input.admin?.clientId && input.admin.clientSecret);
  if (generated && !input.credentials) throw new Error('bootstrapTenant: generated admin credentials need somewhere to be saved.');
  const admin: AdminCredentials = {
    clientId: input.admin?.clientId || randomString(input.random, 32),
    clientSecret: input.admin?.clientSecret || input.random.bytes(48).toString('base64url'),
  };
  // Key generation is slow, so it happens before the transaction that stores it (which holds the database).
  const signingKey = await signingKeyRow(input.secrets, now, randomString(input.random, 22), input.signingKeyPair);
  if (generated) input.credentials?.save(admin);
  else input.credentials?.discard();
  const created = await store.transaction(async (tx) => {
    // Another instance may have created the tenant since the check above (several starting at once on
    // one empty PostgreSQL database). Reading first also makes a SERIALIZABLE transaction that loses
    // the race fail as a serialization failure, which the store retries, and the retry lands here.
    if (await tx.tenant.exists()) return false;
    await tx.signingKeys.insert(signingKey);
    await tx.tenant.create(input.tenantName, now);
    await tx.clients.insert({
      client_id: admin.clientId,
      name: 'Tessera Admin (Management API)',
      description: 'Created at first start for scripting the Management API.',
      app_type: 'non_interactive',
      client_secret_enc: input.secrets.encrypt(admin.clientSecret, `client-secret:${admin.clientId}`),
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['client_credentials'],
      callbacks: [],
      is_bootstrap: true,
      created_at: now,
      updated_at: now,
    });
    await tx.clients.insertGrant({
      id: `cgr_${randomString(input.random, 16)}`,
      client_id: admin.clientId,
      audience: MANAGEMENT_AUDIENCE_KEY,
      scope: [...MANAGEMENT_SCOPES],
    });
    return true;
  });
  if (!created) {
    // The tenant is another instance's: the credentials saved above admit nobody.
    if (generated) input.credentials?.discard();
    return {};
  }
  return { created: { admin, generated } };
}
