import { FetchError as FetchErrorV4, TimeoutError as TimeoutErrorV4 } from 'auth0-v4';
import { ManagementError, TimeoutError } from 'auth0';
import { describe, expect, it } from 'vitest';
import { toAdminError } from '../../../../src-main/desktop/admin/admin-errors';
import { AdminError } from '../../../../src-main/desktop/admin/types';

const WHERE = 'http://127.0.0.1:9/';
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
const UNREACHABLE = new AdminError('unreachable', `Could not reach ${WHERE}: check the URL and that the server is running`);
const TIMED_OUT = new AdminError('unreachable', `${WHERE} did not answer in time: check the server and retry`);

// Every shape a request that got no answer takes on its way from fetch through the auth0 SDKs.
describe('toAdminError of a request that got no answer', () => {
  it.each([
    ['Node fetch (auth0 7.x token provider)', new TypeError('fetch failed', { cause: refused })],
    ['Node fetch, DNS', new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND x.invalid'), { code: 'ENOTFOUND' }) })],
    ['a fetch that rejects with the system error', refused],
    ['auth0 4.x FetchError', new FetchErrorV4(refused, 'request failed')],
    ['auth0 7.x ManagementError without a status', new ManagementError({ message: 'The request did not reach the server', cause: new TypeError('fetch failed', { cause: refused }) })],
  ])('%s → unreachable', (_shape, error) => {
    expect(toAdminError(error, WHERE)).toEqual(UNREACHABLE);
  });

  it.each([
    ['AbortSignal.timeout', new DOMException('The operation was aborted due to timeout', 'TimeoutError')],
    ['auth0 7.x TimeoutError', new TimeoutError()],
    ['auth0 4.x TimeoutError', new TimeoutErrorV4()],
    ['undici connect timeout', new TypeError('fetch failed', { cause: Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' }) })],
  ])('%s → did not answer in time', (_shape, error) => {
    expect(toAdminError(error, WHERE)).toEqual(TIMED_OUT);
  });
});
