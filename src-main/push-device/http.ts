import { guardianErrorFrom } from './errors';
import type { FetchLike } from './types';

export interface GuardianRequest {
  method: 'POST' | 'PATCH' | 'DELETE';
  authorization: string;
  body?: unknown;
}

/** One call to the Guardian device API; any non-2xx answer becomes a `GuardianApiError`. */
export async function guardianFetch(fetchFn: FetchLike, url: string, request: GuardianRequest): Promise<Response> {
  const headers: Record<string, string> = { Authorization: request.authorization, Accept: 'application/json' };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetchFn(url, {
    method: request.method,
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  if (!response.ok) throw await guardianErrorFrom(response);
  return response;
}

/** Drain a body we do not need, so keep-alive sockets are released. */
export async function discardBody(response: Response): Promise<void> {
  await response.arrayBuffer().catch(() => undefined);
}
