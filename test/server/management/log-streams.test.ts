import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../helpers/db.js';
import { startLogReceiver } from '../../helpers/log-receiver.js';
import { invalidBody, mgmtError } from '../../helpers/management.js';
import { buildTestServer, json, managementToken, mgmt, type TestServer } from '../../helpers/server.js';

const NOT_FOUND = mgmtError(404, 'inexistent_log_stream', 'The log stream does not exist.');
const STREAM_ID = /^lst_[0-9A-Za-z]{16}$/;
const SECRET = 'Bearer receiver-token-5f2a9c81d7e3';
// A real receiver that accepts every delivery: a stream that failed would show its tessera_last_error,
// and these bodies are the Auth0-shaped ones (last-error.test.ts covers failures).
const receiver = await startLogReceiver();
afterAll(() => receiver.close());
const ENDPOINT = new URL('/ingest?tenant=acme', receiver.url).href;

const CREATE = {
  name: 'SIEM',
  type: 'http',
  sink: { httpEndpoint: ENDPOINT, httpContentType: 'application/json', httpContentFormat: 'JSONARRAY', httpAuthorization: SECRET, httpCustomHeaders: [{ header: 'X-Tenant', value: 'acme' }] },
};
const VIEW = {
  id: expect.stringMatching(STREAM_ID),
  name: 'SIEM',
  type: 'http',
  status: 'active',
  sink: { httpEndpoint: ENDPOINT, httpContentType: 'application/json', httpContentFormat: 'JSONARRAY', httpCustomHeaders: [{ header: 'X-Tenant', value: 'acme' }] },
};

describe('Management API: log streams', () => {
  let server: TestServer;
  let token: string;
  beforeEach(async () => {
    server = await buildTestServer();
    token = await managementToken(server.app);
  });
  afterEach(() => server.close());

  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown) => {
    const response = await mgmt(server.app, method, `/api/v2/log-streams${path}`, body, token);
    return { status: response.statusCode, body: response.body === '' ? undefined : json(response) };
  };
  const create = async (body: unknown = CREATE) => (await call('POST', '', body)).body as { id: string };

  it('creates, reads, lists, updates and deletes an HTTP stream; httpAuthorization is never returned', async () => {
    const created = await call('POST', '', CREATE);
    expect(created).toEqual({ status: 200, body: VIEW });
    const { id } = created.body as { id: string };
    expect(await call('GET', `/${id}`)).toEqual({ status: 200, body: { ...VIEW, id } });
    expect(await call('GET', '')).toEqual({ status: 200, body: [{ ...VIEW, id }] });

    const patched = await call('PATCH', `/${id}`, { name: 'SIEM 2', status: 'paused', sink: { httpContentFormat: 'JSONLINES', httpAuthorization: 'Bearer other' } });
    expect(patched).toEqual({ status: 200, body: { ...VIEW, id, name: 'SIEM 2', status: 'paused', sink: { ...VIEW.sink, httpContentFormat: 'JSONLINES' } } });
    expect(JSON.stringify(patched.body)).not.toContain('Bearer');

    expect(await call('DELETE', `/${id}`)).toEqual({ status: 204, body: undefined });
    expect(await call('GET', `/${id}`)).toEqual({ status: 404, body: NOT_FOUND });
    expect(await call('GET', '')).toEqual({ status: 200, body: [] });
  });

  it('defaults to JSON lines as application/json, with no custom headers', async () => {
    const created = await call('POST', '', { name: 'Plain', type: 'http', sink: { httpEndpoint: 'http://127.0.0.1:9/logs' } });
    expect(created).toEqual({ status: 200, body: { id: expect.stringMatching(STREAM_ID), name: 'Plain', type: 'http', status: 'active', sink: { httpEndpoint: 'http://127.0.0.1:9/logs', httpContentType: 'application/json', httpContentFormat: 'JSONLINES' } } });
  });

  it('seals httpAuthorization at rest: the database never holds it in the clear', async () => {
    await create();
    await server.close({ keepFiles: true });
    const rows = await queryRows<{ sink: string; authorization_enc: string }>(server, 'SELECT sink, authorization_enc FROM log_streams');
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain('receiver-token');
    expect(rows[0]?.authorization_enc).toMatch(/\S{20,}/);
    expect(JSON.stringify(await queryRows(server, 'SELECT details FROM logs'))).not.toContain('receiver-token');
    server = await buildTestServer({ dbPath: server.dbPath, dataKey: server.dataKey });
    token = await managementToken(server.app);
  });

  it.each(['GET', 'PATCH', 'DELETE'] as const)('%s of an unknown stream: 404', async (method) => {
    expect(await call(method, '/lst_0000000000000000', method === 'PATCH' ? { name: 'x' } : undefined)).toEqual({ status: 404, body: NOT_FOUND });
  });

  const BAD_CREATES: [string, unknown, unknown][] = [
    ['no body', undefined, invalidBody('body is empty')],
    ['no name', { type: 'http', sink: { httpEndpoint: ENDPOINT } }, invalidBody("'Missing required property: name'")],
    ['empty name', { ...CREATE, name: '' }, invalidBody("'must NOT have fewer than 1 characters' on property name")],
    ['another type', { ...CREATE, type: 'datadog' }, invalidBody("'must be equal to constant' on property type")],
    ['no sink', { name: 'x', type: 'http' }, invalidBody("'Missing required property: sink'")],
    ['unknown sink field', { ...CREATE, sink: { httpEndpoint: ENDPOINT, datadogApiKey: 'k' } }, invalidBody("'Additional properties not allowed: datadogApiKey'")],
    ['an unknown filter category', { ...CREATE, filters: [{ type: 'category', name: 'auth.login.maybe' }] }, invalidBody("'must be equal to one of the allowed values' on property filters.0.name")],
    ['a filter of another type', { ...CREATE, filters: [{ type: 'event', name: 'auth.login.fail' }] }, invalidBody("'must be equal to constant' on property filters.0.type")],
    ['a filter without a name', { ...CREATE, filters: [{ type: 'category' }] }, invalidBody("'Missing required property: filters.0.name'")],
    ['an unknown filter field', { ...CREATE, filters: [{ type: 'category', name: 'other', code: 's' }] }, invalidBody("'Additional properties not allowed: code'")],
    ['filters not a list', { ...CREATE, filters: 'auth.login.fail' }, invalidBody("'Expected type array but found type string' on property filters")],
    ['status on create', { ...CREATE, status: 'paused' }, invalidBody("'Additional properties not allowed: status'")],
    ['a relative endpoint', { ...CREATE, sink: { httpEndpoint: '/logs' } }, invalidBody('httpEndpoint must be an absolute http or https URL')],
    ['a file: endpoint', { ...CREATE, sink: { httpEndpoint: 'file:///etc/passwd' } }, invalidBody('httpEndpoint must be an absolute http or https URL')],
    ['credentials in the endpoint', { ...CREATE, sink: { httpEndpoint: 'https://user:pw@logs.example.com/' } }, invalidBody('httpEndpoint must not contain credentials; use httpAuthorization')],
    ['an unknown format', { ...CREATE, sink: { httpEndpoint: ENDPOINT, httpContentFormat: 'CSV' } }, invalidBody("'must be equal to one of the allowed values' on property sink.httpContentFormat")],
    ['CR/LF in httpAuthorization', { ...CREATE, sink: { httpEndpoint: ENDPOINT, httpAuthorization: 'a\r\nX-Evil: 1' } }, invalidBody("'must match pattern \"^[\\x20-\\x7E]*$\"' on property sink.httpAuthorization")],
    ['a bad header name', { ...CREATE, sink: { httpEndpoint: ENDPOINT, httpCustomHeaders: [{ header: 'X Bad', value: 'v' }] } }, invalidBody("'must match pattern \"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$\"' on property sink.httpCustomHeaders.0.header")],
    ['a reserved header', { ...CREATE, sink: { httpEndpoint: ENDPOINT, httpCustomHeaders: [{ header: 'Authorization', value: 'v' }] } }, invalidBody('httpCustomHeaders may not set authorization')],
    ['a repeated header', { ...CREATE, sink: { httpEndpoint: ENDPOINT, httpCustomHeaders: [{ header: 'X-A', value: '1' }, { header: 'x-a', value: '2' }] } }, invalidBody('httpCustomHeaders names must be unique')],
    ['21 custom headers', { ...CREATE, sink: { httpEndpoint: ENDPOINT, httpCustomHeaders: Array.from({ length: 21 }, (_, i) => ({ header: `X-${i}`, value: 'v' })) } }, invalidBody("'must NOT have more than 20 items' on property sink.httpCustomHeaders")],
  ];
  it.each(BAD_CREATES)('refuses a create with %s, writing nothing', async (_name, body, expected) => {
    expect(await call('POST', '', body)).toEqual({ status: 400, body: expected });
    expect(await call('GET', '')).toEqual({ status: 200, body: [] });
  });

  const BAD_PATCHES: [string, unknown, unknown][] = [
    ['status suspended', { status: 'suspended' }, invalidBody("'must be equal to one of the allowed values' on property status")],
    ['an unknown field', { type: 'http' }, invalidBody("'Additional properties not allowed: type'")],
    ['an ftp endpoint', { sink: { httpEndpoint: 'ftp://logs.example.com/' } }, invalidBody('httpEndpoint must be an absolute http or https URL')],
    ['a reserved header', { sink: { httpCustomHeaders: [{ header: 'Content-Type', value: 'text/plain' }] } }, invalidBody('httpCustomHeaders may not set content-type')],
    ['an unknown filter category', { filters: [{ type: 'category', name: 'guardian' }] }, invalidBody("'must be equal to one of the allowed values' on property filters.0.name")],
  ];
  it.each(BAD_PATCHES)('refuses a patch with %s, changing nothing', async (_name, body, expected) => {
    const { id } = await create();
    expect(await call('PATCH', `/${id}`, body)).toEqual({ status: 400, body: expected });
    expect(await call('GET', `/${id}`)).toEqual({ status: 200, body: { ...VIEW, id } });
  });

  it('keeps filters: returned only when set, replaced by a patch, removed by an empty list', async () => {
    const filters = [{ type: 'category', name: 'auth.login.fail' }, { type: 'category', name: 'user.fail' }];
    const created = await call('POST', '', { ...CREATE, filters });
    expect(created).toEqual({ status: 200, body: { ...VIEW, filters } });
    const { id } = created.body as { id: string };
    expect(await call('GET', `/${id}`)).toEqual({ status: 200, body: { ...VIEW, id, filters } });
    expect(await call('GET', '')).toEqual({ status: 200, body: [{ ...VIEW, id, filters }] });
    // A patch without filters leaves them; a patch with filters replaces the list.
    expect(await call('PATCH', `/${id}`, { name: 'SIEM 2' })).toEqual({ status: 200, body: { ...VIEW, id, name: 'SIEM 2', filters } });
    const next = [{ type: 'category', name: 'management.success' }];
    expect(await call('PATCH', `/${id}`, { filters: next })).toEqual({ status: 200, body: { ...VIEW, id, name: 'SIEM 2', filters: next } });
    expect(await call('PATCH', `/${id}`, { filters: [] })).toEqual({ status: 200, body: { ...VIEW, id, name: 'SIEM 2' } });
    expect(await call('GET', `/${id}`)).toEqual({ status: 200, body: { ...VIEW, id, name: 'SIEM 2' } });
  });

  it('an empty httpAuthorization removes it', async () => {
    const { id } = await create();
    expect((await call('PATCH', `/${id}`, { sink: { httpAuthorization: '' } })).status).toBe(200);
    expect((await server.app.tessera.store.logStreams.find(id))?.authorizationEnc).toBeNull();
  });

  it('50 parallel creates make 50 streams; 50 parallel patches of one stream leave one of the names', async () => {
    const created = await Promise.all(Array.from({ length: 50 }, (_, i) => call('POST', '', { ...CREATE, name: `S${i}` })));
    expect(created.map((r) => r.status)).toEqual(Array(50).fill(200));
    const ids = created.map((r) => (r.body as { id: string }).id);
    expect(new Set(ids).size).toBe(50);
    const listed = (await call('GET', '')).body as { id: string; name: string }[];
    expect(listed.map((s) => s.id).sort()).toEqual([...ids].sort());

    const target = ids[0] ?? '';
    const patched = await Promise.all(Array.from({ length: 50 }, (_, i) => call('PATCH', `/${target}`, { name: `P${i}`, status: i % 2 ? 'paused' : 'active' })));
    expect(patched.map((r) => r.status)).toEqual(Array(50).fill(200));
    const final = (await call('GET', `/${target}`)).body as { name: string; status: string };
    expect(patched.map((r) => r.body)).toContainEqual(final);
    expect((await call('GET', '')).body).toHaveLength(50);
    // Each stream also delivers every later change to the real receiver (up to about 3,700 events, batched:
    // each batch read, POSTed and its cursor moved): bounded work, but past the usual 30 s on a loaded 2-core machine.
  }, 120_000);

  it('records each change in the audit log as an API operation, without the secret', async () => {
    const { id } = await create();
    await call('PATCH', `/${id}`, { sink: { httpAuthorization: 'Bearer next-secret-value' } });
    await call('DELETE', `/${id}`);
    const rows = (await server.app.tessera.store.logs.all()).filter((row) => row.description?.includes('log stream'));
    expect(rows.map((row) => [row.type, row.description, row.details])).toEqual([
      ['sapi', 'Create a log stream', { log_stream_id: id, name: 'SIEM' }],
      ['sapi', 'Update a log stream', { log_stream_id: id, fields: ['sink'], sink: ['httpAuthorization'] }],
      ['sapi', 'Delete a log stream', { log_stream_id: id }],
    ]);
  });
});
