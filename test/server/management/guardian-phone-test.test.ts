import { afterEach, describe, expect, it } from 'vitest';
import { auditRows, mgmtError } from '../../helpers/management.js';
import { buildTestServer, json, managementToken, mgmt, type TestServer } from '../../helpers/server.js';

/** Tessera's `POST /api/v2/guardian/factors/phone/test-message`: a verification message with a code nobody can redeem. */

const PATH = '/api/v2/guardian/factors/phone/test-message';

describe('Management API: a test phone message', () => {
  let server: TestServer;
  afterEach(() => server.close());

  async function send(body: unknown) {
    const response = await mgmt(server.app, 'POST', PATH, body, await managementToken(server.app));
    return { status: response.statusCode, body: json(response) };
  }

  it('sends the verification template through the outbox, answers the message id only, and audits the send', async () => {
    server = await buildTestServer({ outbox: true });
    const token = await managementToken(server.app);
    await mgmt(server.app, 'PUT', '/api/v2/guardian/factors/sms/templates', { enrollment_message: 'Enroll {{code}}', verification_message: 'Test {{code}} from {{tenant.friendly_name}}' }, token);
    const sent = await send({ channel: 'sms', phone_number: '+15555550123' });
    expect(sent).toEqual({ status: 200, body: { provider: 'outbox', message_id: expect.stringMatching(/^msg_/) } });
    const kept = json(await mgmt(server.app, 'GET', '/api/v2/outbox?show_recipient=true', undefined, token)) as { id: string; channel: string; recipient: string; message: string; code: string }[];
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ id: (sent.body as { message_id: string }).message_id, channel: 'sms', recipient: '+15555550123' });
    expect(kept[0]?.code).toMatch(/^\d{6}$/);
    expect(kept[0]?.message).toBe(`Test ${kept[0]?.code} from Tessera Test`);
    expect(JSON.stringify(sent.body)).not.toContain(kept[0]?.code);
    expect((await auditRows(server, 'gd_send_sms')).map((row) => row.details)).toEqual([
      { test_message: true, channel: 'sms', phone_number: '+15555550123', provider: 'outbox', message_id: (sent.body as { message_id: string }).message_id },
    ]);
  });

  it('says what is missing when no provider is configured, and audits the failure', async () => {
    server = await buildTestServer();
    expect(await send({ channel: 'voice', phone_number: '+15555550123' })).toEqual({
      status: 400, body: mgmtError(400, 'provider_error', 'The Twilio provider is not configured on this server.'),
    });
    expect((await auditRows(server, 'gd_send_voice_failure')).map((row) => row.description)).toEqual(['The Twilio provider is not configured on this server.']);
  });

  it.each([
    ['a number that is not E.164', { channel: 'sms', phone_number: '555-0100' }, "Payload validation error: 'phone_number must be an E.164 phone number' on property phone_number."],
  ])('refuses %s', async (_name, body, message) => {
    server = await buildTestServer({ outbox: true });
    expect(await send(body)).toEqual({ status: 400, body: mgmtError(400, 'invalid_body', message) });
  });

  it('refuses an unknown channel and extra fields (the code is never the caller’s)', async () => {
    server = await buildTestServer({ outbox: true });
    expect((await send({ channel: 'email', phone_number: '+15555550123' })).body).toMatchObject({ statusCode: 400, errorCode: 'invalid_body' });
    expect((await send({ channel: 'sms', phone_number: '+15555550123', code: '123456' })).body).toMatchObject({ statusCode: 400, errorCode: 'invalid_body' });
  });
});
