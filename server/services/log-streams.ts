import { randomString } from '../crypto/random.js';
import type { Tessera } from '../context.js';
import { ManagementErrors } from '../errors.js';
import type { LogStreamViewBody } from '../routes/management/log-stream-schemas.js';
import type { LogStream, StoredSink } from '../store/log-streams.js';
import { aadForAuthorization } from './log-stream-delivery.js';

/** A Tessera limit: each stream is a delivery loop and a read of the audit log. */
export const MAX_LOG_STREAMS = 100;
export const DEFAULT_CONTENT_TYPE = 'application/json';
/** "The payload will be delivered in JSON lines format" (Auth0, custom log streams). */
export const DEFAULT_CONTENT_FORMAT = 'JSONLINES';

/** Headers the server sets itself: a custom header may not replace them. */
const RESERVED_HEADERS = ['authorization', 'content-type', 'content-length', 'host', 'transfer-encoding', 'connection'];

export const newLogStreamId = (t: Tessera) => `lst_${randomString(t.random, 16)}`;

/**
 * Any http(s) URL, loopback and private addresses included: a self-hosted server's log collector is
 * often on the same host or LAN, and only an admin holding create/update:log_streams can name one.
 * Credentials in the URL are refused (they belong in httpAuthorization, sealed), and redirects are
 * never followed (log-stream-worker.ts), so the server only ever calls the URL the admin wrote.
 */
export function checkEndpoint(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw ManagementErrors.invalidBody('Payload validation error: httpEndpoint must be an absolute http or https URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw ManagementErrors.invalidBody('Payload validation error: httpEndpoint must be an absolute http or https URL.');
  if (url.username !== '' || url.password !== '') throw ManagementErrors.invalidBody('Payload validation error: httpEndpoint must not contain credentials; use httpAuthorization.');
  return url.href;
}

export function checkCustomHeaders(headers: StoredSink['httpCustomHeaders']): StoredSink['httpCustomHeaders'] {
  const names = headers.map(({ header }) => header.toLowerCase());
  const reserved = names.find((name) => RESERVED_HEADERS.includes(name));
  if (reserved !== undefined) throw ManagementErrors.invalidBody(`Payload validation error: httpCustomHeaders may not set ${reserved}.`);
  if (new Set(names).size !== names.length) throw ManagementErrors.invalidBody('Payload validation error: httpCustomHeaders names must be unique.');
  return headers;
}

export function sealAuthorization(t: Tessera, id: string, value: string | undefined): string | null {
  return value === undefined || value === '' ? null : t.secrets.encrypt(value, aadForAuthorization(id));
}

/** The wire view: Auth0 never returns httpAuthorization, and neither does Tessera. */
export function logStreamView(stream: LogStream): LogStreamViewBody {
  const { httpEndpoint, httpContentType, httpContentFormat, httpCustomHeaders } = stream.sink;
  return {
    id: stream.id,
    name: stream.name,
    type: stream.type,
    status: stream.status,
    sink: { httpEndpoint, httpContentType, httpContentFormat, ...(httpCustomHeaders.length > 0 ? { httpCustomHeaders } : {}) },
    // As Auth0: present only when the stream has filters.
    ...(stream.filters.length > 0 ? { filters: stream.filters.map(({ type, name }) => ({ type, name })) } : {}),
    // A Tessera extension, present only after a failure, so Auth0-shaped bodies are unchanged otherwise.
    ...(stream.lastError ? { tessera_last_error: { at: new Date(stream.lastError.at).toISOString(), message: stream.lastError.message } } : {}),
  };
}
