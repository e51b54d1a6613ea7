import type { Management } from 'auth0';
import type { ManagementCall } from './management-call';
import { sdkFetch } from './passthrough';
import { AdminError, AdminErrorKind, LogStreamFormat, LogStreamStatus, type LogStreamInput, type LogStreamPatch, type LogStreamTestResult, type LogStreamView } from './types';

const FORMATS: readonly string[] = Object.values(LogStreamFormat);
const STATUSES: readonly string[] = Object.values(LogStreamStatus);
const MAX_NAME = 128;
const MAX_ENDPOINT = 2048;
const MAX_AUTHORIZATION = 4096;

const invalid = (message: string) => new AdminError(AdminErrorKind.invalidInput, message);

/** Only the fields the console shows: Auth0 never returns `httpAuthorization`, and nothing here would pass it on. */
function streamView(stream: Management.LogStreamResponseSchema): LogStreamView {
  const { id, name, status } = stream as { id?: string; name?: string; status?: string };
  const sink = ((stream as { sink?: unknown }).sink ?? {}) as { httpEndpoint?: string; httpContentFormat?: string; httpContentType?: string };
  const lastError = (stream as { tessera_last_error?: { at?: unknown; message?: unknown } }).tessera_last_error;
  return {
    id: id ?? '',
    name: name ?? '',
    status: (STATUSES.includes(status ?? '') ? status : LogStreamStatus.suspended) as LogStreamView['status'],
    endpoint: sink.httpEndpoint ?? '',
    format: (FORMATS.includes(sink.httpContentFormat ?? '') ? sink.httpContentFormat : LogStreamFormat.jsonLines) as LogStreamFormat,
    contentType: sink.httpContentType ?? 'application/json',
    ...(typeof lastError?.at === 'string' && typeof lastError.message === 'string' ? { lastError: { at: lastError.at, message: lastError.message } } : {}),
  };
}

/** Only the two shapes the console knows; anything else reads as not delivered. */
function testResult(body: unknown): LogStreamTestResult {
  const { delivered, message } = (body ?? {}) as { delivered?: unknown; message?: unknown };
  if (delivered === true) return { delivered: true };
  return { delivered: false, message: typeof message === 'string' ? message : 'The server did not say why' };
}

/** An http(s) URL without credentials (the server refuses those too; saying so here names the field). */
function checkEndpoint(endpoint: unknown): string {
  const value = typeof endpoint === 'string' ? endpoint.trim() : '';
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || value.length > MAX_ENDPOINT) throw invalid('Enter the receiver as an http:// or https:// URL');
  if (url.username || url.password) throw invalid('Put credentials in Authorization, not in the URL');
  return value;
}

function checkAuthorization(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_AUTHORIZATION || !/^[\x20-\x7E]*$/.test(value)) throw invalid('The authorization header takes printable ASCII only, up to 4096 characters');
  return value;
}

function checkFormat(value: unknown): LogStreamFormat {
  if (!FORMATS.includes(value as string)) throw invalid('Choose JSON array, JSON lines or JSON object');
  return value as LogStreamFormat;
}

function checkId(id: unknown): string {
  if (typeof id !== 'string' || !id.trim()) throw invalid('Choose a log stream');
  return id;
}

function createBody(input: LogStreamInput): Management.CreateLogStreamRequestContent {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name || name.length > MAX_NAME) throw invalid(`Name the stream (up to ${MAX_NAME} characters)`);
  const authorization = input.authorization === undefined ? '' : checkAuthorization(input.authorization);
  const sink = { httpEndpoint: checkEndpoint(input.endpoint), httpContentFormat: checkFormat(input.format), ...(authorization ? { httpAuthorization: authorization } : {}) };
  return { name, type: 'http', sink } as Management.CreateLogStreamRequestContent;
}

function updateBody(patch: LogStreamPatch): Management.UpdateLogStreamRequestContent {
  if (patch.status !== undefined && patch.status !== 'active' && patch.status !== 'paused') throw invalid('A stream is resumed (active) or paused');
  const sink: Record<string, string> = {};
  if (patch.endpoint !== undefined) sink.httpEndpoint = checkEndpoint(patch.endpoint);
  if (patch.format !== undefined) sink.httpContentFormat = checkFormat(patch.format);
  if (patch.authorization !== undefined) sink.httpAuthorization = checkAuthorization(patch.authorization);
  const body = { ...(patch.status ? { status: patch.status } : {}), ...(Object.keys(sink).length ? { sink } : {}) };
  if (!Object.keys(body).length) throw invalid('Nothing to change');
  return body as Management.UpdateLogStreamRequestContent;
}

/** Log streams through auth0@7's `logStreams` (Management API "Log streams"); HTTP sinks only. */
export function logStreamOperations(call: ManagementCall) {
  const guard = <T>(build: () => T): Promise<T> => {
    try {
      return Promise.resolve(build());
    } catch (error) {
      return Promise.reject(error);
    }
  };
  return {
    logStreams(): Promise<LogStreamView[]> {
      return call(async (client) => (await client.logStreams.list()).map(streamView));
    },
    createLogStream(input: LogStreamInput): Promise<LogStreamView> {
      return guard(() => createBody(input)).then((body) => call(async (client) => streamView(await client.logStreams.create(body))));
    },
    updateLogStream(id: string, patch: LogStreamPatch): Promise<LogStreamView> {
      return guard(() => ({ id: checkId(id), body: updateBody(patch) })).then(({ body }) =>
        call(async (client) => streamView((await client.logStreams.update(id, body)) as Management.LogStreamResponseSchema)),
      );
    },
    deleteLogStream(id: string): Promise<void> {
      return guard(() => checkId(id)).then(() => call(async (client) => void (await client.logStreams.delete(id))));
    },
    testLogStream(id: string): Promise<LogStreamTestResult> {
      // A Tessera route the SDK has no method for: through its own passthrough, same token and base URL.
      return guard(() => checkId(id)).then(() => call(async (_client, session) => testResult(await sdkFetch(session, `log-streams/${encodeURIComponent(id)}/test`, { method: 'POST' }))));
    },
  };
}
