import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../helpers/db.js';
import { auditRows, insufficientScope, invalidBody, mgmtError } from '../../helpers/management.js';
import { buildTestServer, json, managementToken, mgmt, type TestServer } from '../../helpers/server.js';

const DEFAULT_TEMPLATES = {
  enrollment_message: '{{code}} is your verification code for {{tenant.friendly_name}}. Please enter this code to verify your enrollment.',
  verification_message: '{{code}} is your verification code for {{tenant.friendly_name}}',
};
const TOKEN = 'twilio-auth-token-0123456789abcdef';

describe('Management API: the phone factor (guardian/factors/phone/*, sms/*)', () => {
  let server: TestServer;
  let token: string;
  beforeEach(async () => {
    server = await buildTestServer();
    token = await managementToken(server.app);
  });
  afterEach(() => server.close());
  const call = async (method: 'GET' | 'PUT', url: string, body?: unknown, bearer = token) => {
    const response = await mgmt(server.app, method, `/api/v2/guardian/factors/${url}`, body, bearer);
    return { status: response.statusCode, body: json(response) };
  };

  it('enables sms and email, which this server now implements', async () => {
    expect(await call('PUT', 'sms', { enabled: true })).toEqual({ status: 200, body: { enabled: true } });
    expect(await call('PUT', 'email', { enabled: true })).toEqual({ status: 200, body: { enabled: true } });
  });

  it('message types: ["sms"] by default, then what was put', async () => {
    expect(await call('GET', 'phone/message-types')).toEqual({ status: 200, body: { message_types: ['sms'] } });
    expect(await call('PUT', 'phone/message-types', { message_types: ['sms', 'voice'] })).toEqual({ status: 200, body: { message_types: ['sms', 'voice'] } });
    expect(await call('GET', 'phone/message-types')).toEqual({ status: 200, body: { message_types: ['sms', 'voice'] } });
    expect(await call('PUT', 'phone/message-types', { message_types: ['fax'] })).toEqual({ status: 400, body: expect.objectContaining({ errorCode: 'invalid_body' }) });
  });

  it.each(['sms', 'phone'])('templates under %s/: Auth0 defaults, replaced, validated', async (factor) => {
    expect(await call('GET', `${factor}/templates`)).toEqual({ status: 200, body: DEFAULT_TEMPLATES });
    const mine = { enrollment_message: 'Enroll with {{code}}', verification_message: '{{code}} signs you in to {{tenant.friendly_name}}' };
    expect(await call('PUT', `${factor}/templates`, mine)).toEqual({ status: 200, body: mine });
    expect(await call('GET', 'sms/templates')).toEqual({ status: 200, body: mine });
    expect(await call('PUT', `${factor}/templates`, { ...mine, verification_message: 'no code here' })).toEqual({
      status: 400, body: invalidBody("'The template must contain {{code}}.' on property verification_message"),
    });
    expect(await call('PUT', `${factor}/templates`, { ...mine, enrollment_message: '{% if x %}{{code}}{% endif %}' })).toEqual({
      status: 400, body: invalidBody("'Liquid tags ({% … %}) are not supported in templates: use {{code}} and the other variables only.' on property enrollment_message"),
    });
  });

  it('Twilio: the token is sealed at rest and never answered, only whether one is saved; left out it stays, null clears it', async () => {
    expect(await call('GET', 'phone/providers/twilio')).toEqual({ status: 200, body: { from: null, messaging_service_sid: null, sid: null, auth_token_configured: false } });
    const put = await call('PUT', 'sms/providers/twilio', { sid: 'AC123', auth_token: TOKEN, from: '+15005550006' });
    expect(put).toEqual({ status: 200, body: { from: '+15005550006', messaging_service_sid: null, sid: 'AC123', auth_token_configured: true } });
    expect(await call('PUT', 'phone/providers/twilio', { messaging_service_sid: 'MG1' })).toEqual({
      status: 200, body: { from: '+15005550006', messaging_service_sid: 'MG1', sid: 'AC123', auth_token_configured: true },
    });
    // After a restart of the console (a fresh read), the state is still known.
    expect(await call('GET', 'sms/providers/twilio')).toEqual({ status: 200, body: { from: '+15005550006', messaging_service_sid: 'MG1', sid: 'AC123', auth_token_configured: true } });
    const [{ config: stored }] = (await queryRows<{ config: string }>(server, 'SELECT config FROM guardian_phone')) as [{ config: string }];
    expect(stored).not.toContain(TOKEN);
    expect(JSON.parse(stored).twilio.auth_token_enc).toEqual(expect.any(String));
    expect(JSON.stringify(await auditRows(server))).not.toContain(TOKEN);
    expect(await call('PUT', 'phone/providers/twilio', { auth_token: null })).toEqual({
      status: 200, body: { from: '+15005550006', messaging_service_sid: 'MG1', sid: 'AC123', auth_token_configured: false },
    });
    expect(await call('PUT', 'phone/providers/twilio', { from: '555-0100' })).toEqual({
      status: 400, body: mgmtError(400, 'invalid_body', "Payload validation error: 'from must be an E.164 phone number' on property from."),
    });
  });

  it('selected provider: twilio by default; custom (Tessera) accepted; Auth0-only providers refused', async () => {
    expect(await call('GET', 'phone/selected-provider')).toEqual({ status: 200, body: { provider: 'twilio' } });
    expect(await call('PUT', 'phone/selected-provider', { provider: 'custom' })).toEqual({ status: 200, body: { provider: 'custom' } });
    expect(await call('PUT', 'phone/selected-provider', { provider: 'auth0' })).toEqual({
      status: 400, body: mgmtError(400, 'feature_not_supported', 'The auth0 phone provider is not available on this server: use twilio or custom.'),
    });
    expect(await call('GET', 'phone/selected-provider')).toEqual({ status: 200, body: { provider: 'custom' } });
  });

  it('the custom webhook (a Tessera extension): URL answered, secret only as configured', async () => {
    expect(await call('GET', 'phone/providers/custom')).toEqual({ status: 200, body: { url: null, secret_configured: false } });
    const hook = { url: 'https://hooks.example/sms', secret: 'whsec_0123456789abcdef' };
    expect(await call('PUT', 'phone/providers/custom', hook)).toEqual({ status: 200, body: { url: hook.url, secret_configured: true } });
    expect(await call('GET', 'phone/providers/custom')).toEqual({ status: 200, body: { url: hook.url, secret_configured: true } });
    expect(await call('PUT', 'phone/providers/custom', { ...hook, url: 'ftp://hooks.example' })).toEqual({
      status: 400, body: mgmtError(400, 'invalid_body', "Payload validation error: 'url must be an absolute http(s) URL' on property url."),
    });
  });

  it('reads need read:guardian_factors and writes update:guardian_factors', async () => {
    const readOnly = await managementToken(server.app, 'read:guardian_factors');
    expect(await call('GET', 'phone/message-types', undefined, readOnly)).toEqual({ status: 200, body: { message_types: ['sms'] } });
    expect(await call('PUT', 'phone/message-types', { message_types: ['voice'] }, readOnly)).toEqual({ status: 403, body: insufficientScope('update:guardian_factors') });
  });
});
