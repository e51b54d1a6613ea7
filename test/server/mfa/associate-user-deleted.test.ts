import type { FastifyReply, LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OAuthError } from '../../../server/errors.js';
import { codeDeliveryFor } from '../../../server/factors/delivery.js';
import { factorForAssociation } from '../../../server/factors/registry.js';
import type { AssociateInput } from '../../../server/factors/types.js';
import { associate, PHONE } from '../../helpers/code-factors.js';
import { adminApi, type AdminCall } from '../../helpers/mfa-admin.js';
import { queryRows } from '../../helpers/db.js';
import { authenticatorRows } from '../../helpers/mfa.js';
import { buildTestServer, createClient, json, loginForMfaToken, type TestClient, type TestServer } from '../../helpers/server.js';

/**
 * POST /mfa/associate racing the deletion of its user: the enrollment reads the user in the transaction
 * that writes the authenticators (services/enrollment.ts `enrollingUser`), so each request either enrolls
 * before the deletion (whose cascade then removes what it wrote) or answers what a deleted user's
 * mfa_token gets anywhere in the MFA API, 401 invalid_token "Malformed mfa_token"; never a 500 from the
 * authenticators' foreign key. Codes go to the developer outbox, so this runs on both engines.
 */

/** Races are 50 parallel requests, as in test/server/concurrency.test.ts. */
const RACE = 50;
const DELETION = RACE / 2;
const GONE = { status: 401, body: { error: 'invalid_token', error_description: 'Malformed mfa_token' } };
const RECOVERY_CODES = { recovery_codes: [expect.stringMatching(/^[A-Z0-9]{24}$/)] };

type Selector = 'otp' | 'sms' | 'email';
const BODIES: Record<Selector, Record<string, unknown>> = {
  otp: { authenticator_types: ['otp'] },
  sms: { authenticator_types: ['oob'], oob_channels: ['sms'], phone_number: PHONE },
  email: { authenticator_types: ['oob'], oob_channels: ['email'] },
};
/** A 200 of each selector; the recovery code rides on whichever enrollment wrote it first. */
const enrolled = (selector: Selector, answer: { body: unknown }) => {
  const withCode = typeof answer.body === 'object' && answer.body !== null && 'recovery_codes' in answer.body ? RECOVERY_CODES : {};
  const body =
    selector === 'otp'
      ? { authenticator_type: 'otp', secret: expect.stringMatching(/^[A-Z2-7]{32}$/), barcode_uri: expect.stringMatching(/^otpauth:\/\/totp\//) }
      : { authenticator_type: 'oob', binding_method: 'prompt', oob_channel: selector, oob_code: expect.any(String) };
  return { status: 200, body: { ...body, ...withCode } };
};

/**
 * The selectors of one race (the deletion's slot aside): SMS and email stay within the user's send
 * buckets (10 and 20, services/rate-limits.ts), so a 429 never stands in for the answer under test.
 */
const MIXES: [string, (index: number) => Selector][] = [
  ['otp', () => 'otp'],
  ['sms', (index) => (index % 5 === 0 ? 'sms' : 'otp')],
  ['email', (index) => (index % 3 === 0 ? 'email' : 'otp')],
  ['otp, sms and email', (index) => (index % 5 === 0 ? 'sms' : index % 5 === 1 ? 'email' : 'otp')],
];

describe('POST /mfa/associate racing DELETE /api/v2/users/{id}', () => {
  let server: TestServer;
  let admin: AdminCall;
  let client: TestClient;
  let userId: string;
  beforeEach(async () => {
    server = await buildTestServer({ outbox: true });
    admin = await adminApi(server.app);
    for (const factor of ['otp', 'sms', 'email', 'recovery-code']) await admin('PUT', `/api/v2/guardian/factors/${factor}`, { enabled: true });
    await admin('PUT', '/api/v2/guardian/policies', ['all-applications']);
    await admin('PUT', '/api/v2/guardian/factors/phone/message-types', { message_types: ['sms'] });
    client = await createClient(server.app);
    const created = await admin('POST', '/api/v2/users', { connection: 'Username-Password-Authentication', email: 'ada@example.com', password: 'correct horse battery staple', email_verified: true });
    userId = (json(created) as { user_id: string }).user_id;
  });
  afterEach(() => server.close());

  it.each(MIXES)('50 parallel requests (%s): each 200 or 401 invalid_token, never a 500, and no authenticator outlives the user', async (_label, selectorOf) => {
    const mfaToken = await loginForMfaToken(server.app, client);
    const responses: Promise<LightMyRequestResponse>[] = Array.from({ length: RACE }, (_, index) =>
      index === DELETION ? admin('DELETE', `/api/v2/users/${encodeURIComponent(userId)}`) : associate(server.app, mfaToken, BODIES[selectorOf(index)]),
    );
    const settled = await Promise.all(responses);
    expect({ status: settled[DELETION]!.statusCode, body: settled[DELETION]!.body }).toEqual({ status: 204, body: '' });
    settled.forEach((response, index) => {
      if (index === DELETION) return;
      const answer = { status: response.statusCode, body: json(response) };
      expect(answer).toEqual(answer.status === 200 ? enrolled(selectorOf(index), answer) : GONE);
    });
    expect((await authenticatorRows(server)).filter((row) => row.user_id === userId)).toEqual([]);
  });

  /*
   * The interleaving the race can hit, made certain: the bearer was resolved while the user existed, and
   * the user's deletion committed before the enrollment's transaction read it. Before the read moved into
   * the transaction, OTP threw a plain Error and SMS and email met the foreign key (both engines): 500s.
   */
  it.each<[Selector, AssociateInput]>([
    ['otp', { channel: undefined }],
    ['sms', { channel: 'sms', phone_number: PHONE }],
    ['email', { channel: 'email' }],
    ['email', { channel: 'email', email: 'ada.work@example.com' }],
  ])('an enrollment (%s, %j) for a user deleted after its bearer was resolved: 401 invalid_token, nothing written', async (selector, input) => {
    const mfaToken = await loginForMfaToken(server.app, client);
    const before = await authenticatorRows(server);
    expect((await admin('DELETE', `/api/v2/users/${encodeURIComponent(userId)}`)).statusCode).toBe(204);
    const reply = { header: () => reply, headers: () => reply } as unknown as FastifyReply;
    const ctx = { t: server.app.tessera, pushHub: server.app.pushHub, delivery: (channel: 'sms' | 'voice' | 'email') => codeDeliveryFor(server.app, channel), origin: { ip: '127.0.0.1', userAgent: null }, reply };
    const enrollment = factorForAssociation(selector)!.associate!(ctx, { userId, clientId: client.client_id }, input);
    const refusal = await enrollment.then(() => undefined, (error: unknown) => error);
    expect(refusal).toBeInstanceOf(OAuthError);
    expect({ status: (refusal as OAuthError).status, body: (refusal as OAuthError).toBody() }).toEqual(GONE);
    // What the route answers for the same bearer now.
    const now = await associate(server.app, mfaToken, BODIES[selector]);
    expect({ status: now.statusCode, body: json(now) }).toEqual(GONE);
    expect(await authenticatorRows(server)).toEqual(before.filter((row) => row.user_id !== userId));
    expect(await queryRows(server, 'SELECT oob_digest FROM oob_codes WHERE user_id = $1', userId)).toEqual([]);
  });
});
