import { DeliveryError, type DeliveryProvider } from './types.js';

/** Node's fetch puts the socket error's code on `cause`: named here in words an admin can act on. */
const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
};

const isTimeout = (error: unknown) => error instanceof DOMException && error.name === 'TimeoutError';

/**
 * A fetch that threw, as a DeliveryError in the server's own words: never the error's text, which can
 * quote the URL. Timeouts and network failures are retryable (the message may never have left); a
 * certificate problem is not (it will fail the same way until an admin acts).
 */
export function networkFailure(provider: DeliveryProvider, label: string, error: unknown, timeoutMs: number): DeliveryError {
  if (isTimeout(error)) return new DeliveryError(provider, `${label} did not answer within ${timeoutMs / 1000} s.`, { retryable: true });
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  const words = NETWORK_ERRORS[code] ?? 'request failed';
  const retryable = !/TLS/.test(words);
  return new DeliveryError(provider, `${label} could not be reached: ${words}.`, { retryable });
}
