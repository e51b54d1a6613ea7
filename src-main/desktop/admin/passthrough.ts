import { ManagementError, type ManagementClient } from 'auth0';

/**
 * A Management route the SDK has no method for (Tessera's bulk-reset jobs, push settings and push
 * unlock), sent through the SDK's own passthrough `client.fetch`, so it carries the same token, base
 * URL, retries and timeouts as every other call. Failures become the ManagementError the typed methods throw.
 */
export async function sdkFetch(client: ManagementClient, path: string, init: { method: string; body?: unknown } = { method: 'GET' }): Promise<unknown> {
  const response = await client
    .fetch(path, {
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
