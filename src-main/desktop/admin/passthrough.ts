import { ManagementError } from 'auth0';
import type { ManagementSession } from './management-session';

/**
 * A Management route the SDK has no method for (Tessera's bulk-reset jobs, push settings and push
 * unlock), sent through the SDK's own passthrough `client.fetch`, so it carries the same token, base
 * URL, retries and timeouts as every other call. Failures become the ManagementError the typed methods throw.
 */
export async function sdkFetch(
  session: Pick<ManagementSession, 'client' | 'sdkApiBase'>,
  path: string,
  init: { method: string; body?: unknown; query?: Record<string, string> } = { method: 'GET' },
): Promise<unknown> {
  // Absolute, because the passthrough joins a relative path onto its base as path segments (a `?` would be escaped).
  const url = new URL(path, session.sdkApiBase);
  for (const [key, value] of Object.entries(init.query ?? {})) url.searchParams.set(key, value);
  const response = await session.client
    .fetch(url.toString(), {
      method: init.method,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } }),
    })
    .catch((cause: unknown) => {
      // A network failure, as the typed methods report one: no status code.
      if (cause instanceof ManagementError) throw cause;
      throw new ManagementError({ message: 'The request did not reach the server', cause });
    });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    // Not JSON: kept as text for the error.
  }
  if (!response.ok) throw new ManagementError({ statusCode: response.status, body });
  return body;
}
