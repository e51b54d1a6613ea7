/**
 * Socket and DNS codes of a request that never got an answer (Node's "Common system errors",
 * https://nodejs.org/api/errors.html#common-system-errors, and getaddrinfo's EAI_*), undici's own
 * (https://undici.nodejs.org/#/docs/api/Errors) and TLS failures (a certificate the platform refuses).
 */
const NETWORK_CODE = /^(ECONNREFUSED|ECONNRESET|ECONNABORTED|ENOTFOUND|ETIMEDOUT|EHOSTUNREACH|EHOSTDOWN|ENETUNREACH|ENETDOWN|EPIPE|EAI_\w+|UND_ERR_\w+|ERR_TLS_\w+|ERR_SSL_\w+|CERT_\w+|\w+_CERT(_\w+)?|UNABLE_TO_\w+)$/;

/** The names fetch and the auth0 SDKs give a request cut short by its timeout (WHATWG DOM `TimeoutError`, auth0 4.x/7.x `TimeoutError`). */
const TIMEOUT_NAMES = new Set(['TimeoutError', 'AbortError']);

export const NetworkFailure = { timeout: 'timeout', unreachable: 'unreachable' } as const;
export type NetworkFailure = (typeof NetworkFailure)[keyof typeof NetworkFailure];

function* causes(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  for (let current = error; current !== undefined && current !== null && !seen.has(current); current = (current as { cause?: unknown }).cause) {
    seen.add(current);
    yield current;
  }
}

/**
 * Whether `error` (or an error it wraps as `cause`) is a request that never got an answer, in any shape the
 * code meets one: Node's fetch rejects with `TypeError: fetch failed` and the socket error as `cause`
 * (https://undici.nodejs.org/#/?id=network-error-handling); auth0 4.x wraps it in a `FetchError`; auth0 7.x's
 * token provider lets the TypeError through as it is; another fetch rejects with the system error itself.
 */
export function networkFailure(error: unknown): NetworkFailure | null {
  let found: NetworkFailure | null = null;
  for (const link of causes(error)) {
    if (!(link instanceof Error)) continue;
    if (TIMEOUT_NAMES.has(link.name)) return NetworkFailure.timeout;
    const code = (link as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODE.test(code)) return code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' ? NetworkFailure.timeout : NetworkFailure.unreachable;
    if (link.name === 'FetchError' || (link instanceof TypeError && link.message === 'fetch failed')) found = NetworkFailure.unreachable;
  }
  return found;
}
