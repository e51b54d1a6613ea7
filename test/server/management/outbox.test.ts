import { afterEach, describe, expect, it } from 'vitest';
import { insufficientScope, invalidQuery } from '../../helpers/management.js';
import { buildTestServer, json, managementToken, mgmt, type TestServer } from '../../helpers/server.js';

const NOT_FOUND = { statusCode: 404, error: 'Not Found', message: 'Not Found', errorCode: 'not_found' };
const VERIFY = '{{code}} is your verification code for {{tenant.friendly_name}}';

describe('GET /api/v2/outbox (Tessera\'s developer outbox)', () => {
  let server: TestServer | undefined;
  afterEach(async () => server?.close());

  async function outboxServer() {
    server = await buildTestServer({ outbox: true });
  }
  const get = async (query = '', token?: string) => {
    const response = await mgmt(server!.app, 'GET', `/api/v2/outbox${query}`, undefined, token);
    return { status: response.statusCode, body: json(response), cacheControl: response.headers['cache-control'] };
  };
  const send = (to: string, code: string, channel: 'sms' | 'voice' | 'email' = 'sms') =>
    server!.codeDelivery!.send({ channel, to, code, template: VERIFY, tenantName: 'Tessera Test' });

  it('answers 404, as Auth0 does, when the server sends its codes', async () => {
    server = await buildTestServer();
    expect(await get()).toEqual({ status: 404, body: NOT_FOUND, cacheControl: 'no-store' });
  });

  it('lists kept messages newest first, codes in the clear and recipients masked, no-store', async () => {
    await outboxServer();
    await send('+14155550123', '048213');
    server!.clock.advance(1000);
    await send('ada@example.com', '771004', 'email');
    const first = (await server!.app.tessera.store.outbox.newest(2)).map((row) => row.id);
    expect(await get()).toEqual({
      status: 200,
      cacheControl: 'no-store',
      body: [
        {
          id: first[0], created_at: '2026-11-23T12:00:01.000Z', channel: 'email', recipient: 'a***@example.com',
          subject: 'Your verification code for Tessera Test',
          message: '771004 is your verification code for Tessera Test\n\nIf you did not ask for this code, you can ignore this email.\n',
          code: '771004',
        },
        { id: first[1], created_at: '2026-11-23T12:00:00.000Z', channel: 'sms', recipient: '+XXXXXXX0123', message: '048213 is your verification code for Tessera Test', code: '048213' },
      ],
    });
    expect((await get('?show_recipient=true&take=1')).body).toEqual([expect.objectContaining({ recipient: 'ada@example.com' })]);
  });

  it('follows from a message id, oldest first, and refuses an id it does not hold', async () => {
    await outboxServer();
    for (const code of ['100001', '100002', '100003']) await send('+14155550123', code, 'voice');
    const [oldest] = (await server!.app.tessera.store.outbox.after(0, 1)).map((row) => row.id);
    expect(((await get(`?from=${oldest}&take=1`)).body as { code: string }[]).map((m) => m.code)).toEqual(['100002']);
    expect(((await get(`?from=${oldest}`)).body as { code: string }[]).map((m) => m.code)).toEqual(['100002', '100003']);
    expect(await get('?from=msg_nope')).toEqual({ status: 400, cacheControl: 'no-store', body: invalidQuery('unknown message id in from') });
  });

  it.each([
    ['take=0', "'must be >= 1' on property take"],
    ['take=101', "'must be <= 100' on property take"],
    ['show_recipient=maybe', "'Expected type boolean but found type string' on property show_recipient"],
    ['page=1', "'Additional properties not allowed: page'"],
  ])('answers 400 for ?%s', async (query, detail) => {
    await outboxServer();
    expect((await get(`?${query}`)).body).toEqual(invalidQuery(detail));
  });

  it('needs read:outbox', async () => {
    await outboxServer();
    const token = await managementToken(server!.app, 'read:logs');
    expect(await get('', token)).toEqual({ status: 403, cacheControl: 'no-store', body: insufficientScope('read:outbox') });
  });
});
