import { compareDigest, safeEqualDigest, type SecretBox } from '../crypto/secret-box.js';
import { OAuthErrors } from '../errors.js';
import type { Tessera } from '../context.js';
import type { ClientRow } from '../store/clients.js';

export interface ClientCredentials {
  clientId: string | undefined;
  clientSecret: string | undefined;
}

/** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. */
function fromBasic(header: string | undefined): ClientCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=._~-]+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

export function clientSecret(t: Tessera, client: ClientRow): string {
  return t.secrets.decrypt(client.client_secret_enc, `client-secret:${client.client_id}`);
}

/**
 * Each client's secret as `safeEqual` compares it, per version of its row (the ciphertext changes when
 * the secret does): decrypting it and digesting it again was a share of every token request's CPU.
 * Per secret box, so servers in one process (tests) never share entries; bounded, for a tenant with
 * many clients.
 */
const secretDigests = new WeakMap<SecretBox, Map<string, { sealed: string; digest: Buffer }>>();
const MAX_CACHED_CLIENTS = 1000;

function clientSecretDigest(t: Tessera, client: ClientRow): Buffer {
  let cache = secretDigests.get(t.secrets);
  if (!cache) secretDigests.set(t.secrets, (cache = new Map()));
  const cached = cache.get(client.client_id);
  if (cached?.sealed === client.client_secret_enc) return cached.digest;
  const digest = compareDigest(clientSecret(t, client));
  if (cache.size >= MAX_CACHED_CLIENTS) cache.clear();
  cache.set(client.client_id, { sealed: client.client_secret_enc, digest });
  return digest;
}

/**
 * Authenticates the client by `client_secret_basic` or `client_secret_post`. Public clients
 * (`token_endpoint_auth_method: none`) identify themselves by `client_id` alone.
 */
export async function authenticateClient(t: Tessera, body: Record<string, unknown>, authorization: string | undefined): Promise<ClientRow> {
  const basic = fromBasic(authorization);
  const clientId = basic?.clientId ?? (typeof body.client_id === 'string' ? body.client_id : undefined);
  const secret = basic?.clientSecret ?? (typeof body.client_secret === 'string' ? body.client_secret : undefined);
  if (!clientId) throw OAuthErrors.missingParameter('client_id');
  if (basic && typeof body.client_id === 'string' && body.client_id !== basic.clientId) {
    throw OAuthErrors.invalidRequest('client_id does not match the authenticated client.');
  }
  const client = await t.store.clients.find(clientId);
  if (!client) throw OAuthErrors.invalidClient(basic !== undefined);
  if (client.token_endpoint_auth_method === 'none') return client;
  if (secret === undefined || !safeEqualDigest(secret, clientSecretDigest(t, client))) throw OAuthErrors.invalidClient(basic !== undefined);
  return client;
}
