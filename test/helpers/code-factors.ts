import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { CodeDelivery, DeliveryRequest, DeliveryResult } from '../../server/delivery/types.js';
import { GRANT_TYPES } from '../../server/grants/types.js';
import { queryRows } from './db.js';
import { json, managementToken, mgmt, tokenRequest, type TestClient, type TestServer } from './server.js';
import type { TwilioFake } from './twilio.js';

export const SMS_FROM = '+15005550006';
export const PHONE = '+14155550123';

/**
 * SMS (and voice when asked) on, carried by the Twilio fake: what an admin sets through the Management
 * API. The fake's base URL reaches the server as `TESSERA_TWILIO_API_URL` (set by the test file).
 */
export async function configureTwilio(app: FastifyInstance, twilio: TwilioFake, messageTypes: ('sms' | 'voice')[] = ['sms']): Promise<void> {
  const token = await managementToken(app);
  const calls: [string, string, unknown][] = [
    ['PUT', '/api/v2/guardian/factors/sms', { enabled: true }],
    ['PUT', '/api/v2/guardian/factors/recovery-code', { enabled: true }],
    ['PUT', '/api/v2/guardian/policies', ['all-applications']],
    ['PUT', '/api/v2/guardian/factors/phone/message-types', { message_types: messageTypes }],
    ['PUT', '/api/v2/guardian/factors/phone/providers/twilio', { sid: twilio.accountSid, auth_token: twilio.authToken, from: SMS_FROM }],
    ['PUT', '/api/v2/guardian/factors/phone/selected-provider', { provider: 'twilio' }],
  ];
  for (const [method, url, body] of calls) {
    const response = await mgmt(app, method as 'PUT', url, body, token);
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.body}`);
  }
}

/** A CodeDelivery (ServerDeps.codeDelivery) that keeps what it is given, as the outbox does, under `provider`'s name. */
export function recordingDelivery(provider: DeliveryResult['provider'] = 'outbox'): CodeDelivery & { sent: DeliveryRequest[] } {
  const sent: DeliveryRequest[] = [];
  return { sent, send: async (request) => (sent.push(request), { provider, messageId: `out_${sent.length}` }) };
}

export function associate(app: FastifyInstance, bearer: string, body: unknown): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/mfa/associate', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
}

export function challenge(app: FastifyInstance, client: TestClient, mfaToken: string, extra: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST', url: '/mfa/challenge', headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ client_id: client.client_id, client_secret: client.client_secret, mfa_token: mfaToken, ...extra }),
  });
}

export function oobGrant(app: FastifyInstance, client: TestClient, mfaToken: string, oobCode: string, bindingCode?: string): Promise<LightMyRequestResponse> {
  return tokenRequest(app, {
    grant_type: GRANT_TYPES.mfaOob, client_id: client.client_id, client_secret: client.client_secret, mfa_token: mfaToken, oob_code: oobCode,
    ...(bindingCode === undefined ? {} : { binding_code: bindingCode }),
  });
}

/** A 6-digit code that is not `code`. */
export const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/** The out-of-band code transactions as stored (read beside the server, on either engine). */
export async function oobRows(server: TestServer): Promise<{ purpose: string; channel: string; consumed_at: number | null }[]> {
  const rows = await queryRows<{ purpose: string; channel: string; consumed_at: number | string | null }>(server, 'SELECT purpose, channel, consumed_at FROM oob_codes ORDER BY created_at');
  // PostgreSQL's BIGINT arrives as text outside the store's own pool.
  return rows.map((row) => ({ ...row, consumed_at: row.consumed_at === null ? null : Number(row.consumed_at) }));
}

export const body = (response: LightMyRequestResponse) => ({ status: response.statusCode, body: json(response) });
