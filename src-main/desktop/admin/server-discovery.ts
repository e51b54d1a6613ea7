import { AdminError, AdminErrorKind } from './types';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const DISCOVERY_TIMEOUT_MS = 10_000;

/**
 * `https://tenant.eu.auth0.com` → `https://tenant.eu.auth0.com/`. Plain http only for loopback: a
 * client secret and bearer tokens must not cross a network in the clear.
 */
export function normalizeBaseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new AdminError(AdminErrorKind.invalidInput, 'Enter the server URL, such as https://tenant.eu.auth0.com or http://127.0.0.1:3000');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AdminError(AdminErrorKind.invalidInput, 'The server URL must start with https://');
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new AdminError(AdminErrorKind.invalidInput, 'Use https:// for a server on another computer (plain http is allowed only for 127.0.0.1 and localhost)');
  }
  if (url.username || url.password || url.search || url.hash) throw new AdminError(AdminErrorKind.invalidInput, 'The server URL must not carry credentials, a query or a fragment');
  return `${url.origin}${url.pathname.replace(/\/*$/, '/')}`;
}

export interface ServerDiscovery {
  issuer: string;
  /** `{issuer}api/v2/` (Auth0: "the audience of the Management API is https://{domain}/api/v2/"). */
  audience: string;
}

/** Reads the issuer from OpenID Connect Discovery 1.0 §4; the audience follows from it, not from the URL typed. */
export async function discoverServer(fetchFn: typeof fetch, baseUrl: string): Promise<ServerDiscovery> {
  let response: Response;
  try {
    response = await fetchFn(`${baseUrl}.well-known/openid-configuration`, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS), redirect: 'error' });
  } catch {
    throw new AdminError(AdminErrorKind.unreachable, `Could not reach ${baseUrl}: check the URL and that the server is running`);
  }
  const body = response.ok ? ((await response.json().catch(() => null)) as { issuer?: unknown } | null) : null;
  if (typeof body?.issuer !== 'string' || !/^https?:\/\//.test(body.issuer)) {
    throw new AdminError(AdminErrorKind.unreachable, `${baseUrl} does not look like a Tessera or Auth0 server (no OpenID configuration): check the URL`);
  }
  const issuer = body.issuer.endsWith('/') ? body.issuer : `${body.issuer}/`;
  return { issuer, audience: `${issuer}api/v2/` };
}
