import { createManagementAuth, ManagementClient } from 'auth0';

export interface SessionTarget {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  audience: string;
}

const REQUEST_TIMEOUT_S = 30;

/**
 * auth0@7 always builds `https://{domain}/…` URLs (its ManagementClient and its token provider alike).
 * Its `fetch` option maps them onto the connection's base URL, so one code path serves an Auth0 tenant
 * (where the mapping is the identity) and a Tessera server on `http://127.0.0.1:PORT/`.
 */
export function rewritingFetch(baseUrl: string, fetchFn: typeof fetch): typeof fetch {
  const sdkPrefix = `https://${new URL(baseUrl).host}/`;
  return (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const target = url.startsWith(sdkPrefix) ? `${baseUrl}${url.slice(sdkPrefix.length)}` : url;
    return fetchFn(input instanceof Request ? new Request(target, input) : target, init);
  };
}

/**
 * One ManagementClient with its token: the SDK's token provider fetches it by client credentials and
 * keeps it in this process's memory until shortly before it expires. Dropping the session drops the token.
 */
export function openSession(target: SessionTarget, fetchFn: typeof fetch) {
  const options = {
    domain: new URL(target.baseUrl).host,
    clientId: target.clientId,
    clientSecret: target.clientSecret,
    audience: target.audience,
    fetch: rewritingFetch(target.baseUrl, fetchFn),
    timeoutInSeconds: REQUEST_TIMEOUT_S,
  };
  const auth = createManagementAuth(options);
  const client = new ManagementClient({ domain: options.domain, audience: options.audience, token: auth.getToken, fetch: options.fetch, timeoutInSeconds: REQUEST_TIMEOUT_S });
  // The URL the SDK itself would build for the API (before the rewrite above), for passthrough calls with a query.
  const sdkApiBase = `https://${options.domain}/api/v2/`;
  return { client, getToken: auth.getToken, baseUrl: target.baseUrl, clientId: target.clientId, audience: target.audience, sdkApiBase };
}
export type ManagementSession = ReturnType<typeof openSession>;
