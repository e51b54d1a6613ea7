import type { Tessera } from '../context.js';
import type { LogStream } from '../store/log-streams.js';
import { deliveryHeaders } from './log-stream-payload.js';

/** A receiver that takes longer than this to answer counts as a failed delivery. */
export const LOG_STREAM_REQUEST_TIMEOUT_MS = 10_000;

export function aadForAuthorization(id: string): string {
  return `log-stream-authorization:${id}`;
}

/** Node's fetch puts the socket error's code on `cause`: named here in words an admin can act on. */
const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the endpoint',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
};

/**
 * A short message of the server's own words: never the receiver's body (it may echo the Authorization
 * value or the events) nor the error's text (it may quote the URL, whose query can carry a token).
 */
export function failureMessage(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `timed out after ${LOG_STREAM_REQUEST_TIMEOUT_MS / 1000} s`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  return NETWORK_ERRORS[code] ?? 'request failed';
}

/** POSTs one body to the stream's endpoint with its headers; null on a 2xx, else why it failed. */
export async function deliver(t: Tessera, fetcher: typeof fetch, stream: LogStream, body: string, signal: AbortSignal): Promise<string | null> {
  const authorization = stream.authorizationEnc === null ? null : t.secrets.decrypt(stream.authorizationEnc, aadForAuthorization(stream.id));
  try {
    const response = await fetcher(stream.sink.httpEndpoint, {
      method: 'POST',
      headers: deliveryHeaders(stream.sink, authorization),
      body,
      // A redirect could point the server at a host the admin never named: not followed, a failure.
      redirect: 'manual',
      signal: AbortSignal.any([signal, AbortSignal.timeout(LOG_STREAM_REQUEST_TIMEOUT_MS)]),
    });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return null;
    if (response.status >= 300 && response.status < 400) return `HTTP ${response.status} from the endpoint (redirects are not followed)`;
    return `HTTP ${response.status} from the endpoint`;
  } catch (error) {
    return failureMessage(error);
  }
}
