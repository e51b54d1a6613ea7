import { ManagementClient, ManagementError } from 'auth0';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLogReceiver, type LogReceiver } from '../helpers/log-receiver.js';
import { ADMIN } from '../helpers/server.js';
import { startPushTessera, type PushTessera } from '../helpers/push.js';

/**
 * The log-stream calls an admin console makes through auth0@7's ManagementClient, against Tessera over
 * plain HTTP on loopback: the SDK builds `https://{domain}/api/v2/…`, so its `fetch` points that at the server.
 */

const DOMAIN = 'tessera.invalid';

let server: PushTessera;
let receiver: LogReceiver;
let management: ManagementClient;
beforeEach(async () => {
  server = await startPushTessera();
  receiver = await startLogReceiver();
  const token = await server.call<{ access_token: string }>('POST', '/oauth/token', {
    form: { grant_type: 'client_credentials', client_id: ADMIN.clientId, client_secret: ADMIN.clientSecret, audience: `${server.issuer}api/v2/` },
  });
  const toServer: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    return fetch(new URL(`${url.pathname}${url.search}`, server.issuer), init);
  };
  management = new ManagementClient({ domain: DOMAIN, token: token.body.access_token, fetch: toServer });
});
afterEach(async () => {
  await server.close();
  await receiver.close();
});

describe('auth0@7 ManagementClient: logStreams', () => {
  it('creates, lists, gets, pauses and deletes an HTTP stream; the SDK reads Tessera\'s answers and errors', async () => {
    const created = await management.logStreams.create({
      name: 'SIEM',
      type: 'http',
      sink: { httpEndpoint: receiver.url, httpContentFormat: 'JSONOBJECT', httpContentType: 'application/json', httpAuthorization: 'Bearer sdk-secret', httpCustomHeaders: [{ header: 'X-Tenant', value: 'acme' }] },
    });
    const expected = {
      id: expect.stringMatching(/^lst_/),
      name: 'SIEM',
      type: 'http',
      status: 'active',
      sink: { httpEndpoint: receiver.url, httpContentFormat: 'JSONOBJECT', httpContentType: 'application/json', httpCustomHeaders: [{ header: 'X-Tenant', value: 'acme' }] },
    };
    expect(created).toEqual(expected);
    const id = (created as { id: string }).id;
    // The stream's first event (its creation) reaches the receiver with the secret as the header.
    await receiver.until(() => receiver.requests.length >= 1);
    expect(receiver.requests[0]?.headers.authorization).toBe('Bearer sdk-secret');
    expect(await management.logStreams.list()).toEqual([expected]);
    expect(await management.logStreams.get(id)).toEqual(expected);
    expect(await management.logStreams.update(id, { status: 'paused' })).toEqual({ ...expected, status: 'paused' });

    await management.logStreams.delete(id);
    const missing = await management.logStreams.get(id).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(missing).toBeInstanceOf(ManagementError);
    expect({ statusCode: (missing as ManagementError).statusCode, body: (missing as ManagementError).body }).toEqual({
      statusCode: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'The log stream does not exist.', errorCode: 'inexistent_log_stream' },
    });
  });
});
