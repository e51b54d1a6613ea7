import { compareDigest, safeEqualDigest, type SecretBox } from '../crypto/secret-box.js';
import { OAuthErrors } from '../errors.js';
import type { Tessera } from '../context.js';
import type { ClientRow } from '../store/clients.js';
import { CLIENT_ASSERTION_TYPE, verifyClientAssertion } from './client-assertion.js';
import { PRIVATE_KEY_JWT } from './client-credentials.js';

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
 * Private Key JWT (RFC 7523 §2.2): `client_assertion_type` and `client_assertion`, with `client_id`
 * optional (RFC 7521 §4.2) but, when sent, the assertion's. Every refusal of the assertion itself is
 * `invalid_client` (RFC 7521 §4.2.1), one description for all, so a caller learns nothing of which check failed.
 */
async function authenticateByAssertion(t: Tessera, body: Record<string, unknown>): Promise<ClientRow> {
  const { client_assertion: assertion, client_assertion_type: assertionType, client_id: clientId } = body;
  if (assertionType === undefined) throw OAuthErrors.missingParameter('client_assertion_type');
  if (assertion === undefined) throw OAuthErrors.missingParameter('client_assertion');
  if (assertionType !== CLIENT_ASSERTION_TYPE) throw OAuthErrors.invalidRequest(`Invalid client_assertion_type: only ${CLIENT_ASSERTION_TYPE} is supported.`);
  if (typeof assertion !== 'string' || (clientId !== undefined && typeof clientId !== 'string')) throw OAuthErrors.invalidClient();
  const result = await verifyClientAssertion(t, assertion, clientId);
  if (!result.ok) throw OAuthErrors.invalidClient();
  return result.client;
}

/**
 * Authenticates the client by `client_secret_basic`, `client_secret_post` or `private_key_jwt`. Public
 * clients (`token_endpoint_auth_method: none`) identify themselves by `client_id` alone. A client
 * configured for Private Key JWT can no longer use its secret (https://auth0.com/docs/get-started/applications/configure-private-key-jwt),
 * and a client with a secret cannot present an assertion.
 */
export async function authenticateClient(t: Tessera, body: Record<string, unknown>, authorization: string | undefined): Promise<ClientRow> {
  const basic = fromBasic(authorization);
  if (body.client_assertion !== undefined || body.client_assertion_type !== undefined) {
    // RFC 6749 §2.3: "The client MUST NOT use more than one authentication method in each request."
    if (basic !== undefined || body.client_secret !== undefined) {
      throw OAuthErrors.invalidRequest('Only one client authentication method may be used: client_assertion or client_secret.');
    }
    return authenticateByAssertion(t, body);
  }
  const clientId = basic?.clientId ?? (typeof body.client_id === 'string' ? body.client_id : undefined);
  const secret = basic?.clientSecret ?? (typeof body.client_secret === 'string' ? body.client_secret : undefined);
  if (!clientId) throw OAuthErrors.missingParameter('client_id');
  if (basic && typeof body.client_id === 'string' && body.client_id !== basic.clientId) {
    throw OAuthErrors.invalidRequest('client_id does not match the authenticated client.');
  }
  const client = await t.store.clients.find(clientId);
  if (!client) throw OAuthErrors.invalidClient(basic !== undefined);
  if (client.token_endpoint_auth_method === 'none') return client;
  if (client.token_endpoint_auth_method === PRIVATE_KEY_JWT) throw OAuthErrors.invalidClient(basic !== undefined);
  if (secret === undefined || !safeEqualDigest(secret, clientSecretDigest(t, client))) throw OAuthErrors.invalidClient(basic !== undefined);
  return client;
}
