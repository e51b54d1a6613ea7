import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GRANT_TYPES } from '../../server/grants/types.js';
import { OOB_POLL_BUCKET, PUSH_SEND_BUCKET } from '../../server/services/push.js';
import { OTP_FAILURE_BUCKET, PASSWORD_FAILURE_BUCKET, RECOVERY_FAILURE_BUCKET } from '../../server/services/rate-limits.js';
import { executeSql } from '../helpers/db.js';
import { associate, challenge, otpGrant, recoveryGrant } from '../helpers/mfa.js';
import { adminApi, auditRows, capture, cookiePair, expectStatus, formPost, turnOnMfa, wrongCode } from '../helpers/mfa-admin.js';
import { oauthError, passwordParams, rateLimitHeaders } from '../helpers/oauth.js';
import {
  buildTestServer,
  createClient,
  createUser,
  enableMfa,
  enrollOtp,
  json,
  loginForMfaToken,
  oathtool,
  tokenRequest,
  type TestClient,
  type TestServer,
} from '../helpers/server.js';

/** Races are 50 parallel requests (Promise.all of app.inject calls). */
const RACE = 50;
const INVALID_REFRESH = oauthError('invalid_grant', 'Unknown or invalid refresh token.');
const WRONG_CREDENTIALS = oauthError('invalid_grant', 'Wrong email or password.');
const LOGINS_LOCKED = oauthError('too_many_attempts', 'Your account has been blocked after multiple consecutive login attempts.');
const INVALID_OTP = oauthError('invalid_grant', 'Invalid otp_code.');
const CODES_LOCKED = oauthError('too_many_attempts', 'Too many failed codes. Wait for some minutes before retrying.');
const RECOVERY_REJECTED = oauthError('invalid_grant', 'MFA Authorization rejected.');
const PENDING = oauthError('authorization_pending', 'Authorization pending: please repeat the request in a few seconds.');
const INVALID_OOB_CODE = oauthError('invalid_grant', 'Invalid oob_code.');
const TOO_MANY_PUSHES = oauthError('too_many_requests', 'Too many push notifications. Wait a minute before retrying.');
const PUSH_LINK = 'dev_0000000000000000';
const SLOW_DOWN = oauthError('slow_down', 'You are polling faster than allowed. Wait a few seconds before polling again.');

const race = (request: (index: number) => Promise<LightMyRequestResponse>) => Promise.all(Array.from({ length: RACE }, (_, index) => request(index)));
const bodies = (responses: LightMyRequestResponse[]) => responses.map((response) => ({ status: response.statusCode, body: json(response) }));
/**
 * A burst of wrong guesses with the right answer sent last: exactly the bucket's size of wrong guesses is
 * evaluated and the rest refused. The right answer is sent last but may still be served before the bucket
 * runs dry (parallel requests are not served in the order they were sent, most of all on PostgreSQL, where
 * each waits for a pooled connection): then it succeeds and costs nothing; otherwise it is refused, like
 * every request after the bucket ran dry.
 */
function expectBurstLimited(responses: LightMyRequestResponse[], capacity: number, wrong: object, locked: object) {
  const right = bodies(responses)[RACE - 1]!;
  const rightServed = right.status === 200;
  if (!rightServed) expect(right).toEqual({ status: 429, body: locked });
  expect(count(responses, 403, wrong)).toBe(capacity);
  expect(count(responses, 429, locked)).toBe(RACE - capacity - (rightServed ? 1 : 0));
}
/** How many answers had exactly this status and body. */
const count = (responses: LightMyRequestResponse[], status: number, body: unknown) =>
  bodies(responses).filter((answer) => answer.status === status && JSON.stringify(answer.body) === JSON.stringify(body)).length;

describe('concurrency: single-use secrets and limiters under 50 parallel requests', () => {
  let server: TestServer;
  let client: TestClient;
  beforeEach(async () => {
    server = await buildTestServer();
  });
  afterEach(() => server.close());

  describe('refresh tokens', () => {
    const refresh = (token: string) =>
      tokenRequest(server.app, { grant_type: 'refresh_token', client_id: client.client_id, client_secret: client.client_secret, refresh_token: token });

    it('one of 50 parallel rotations wins, and the reuse the others show revokes the winner’s new token too (RFC 9700 §4.14.2)', async () => {
      client = await createClient(server.app);
      await createUser(server.app);
      const login = json(await tokenRequest(server.app, passwordParams(client, { scope: 'openid offline_access' }))) as { refresh_token: string };

      const responses = await race(() => refresh(login.refresh_token));
      const winners = responses.filter((response) => response.statusCode === 200);
      expect(winners).toHaveLength(1);
      expect(count(responses, 403, INVALID_REFRESH)).toBe(RACE - 1);

      const successor = (json(winners[0]!) as { refresh_token: string }).refresh_token;
      const afterRace = await refresh(successor);
      expect(afterRace.statusCode).toBe(403);
      expect(json(afterRace)).toEqual(INVALID_REFRESH);
    });
  });

  describe('password limiter', () => {
    it('evaluates at most the bucket’s size of 50 parallel guesses; the right password inside the burst is refused', async () => {
      client = await createClient(server.app);
      await createUser(server.app);
      const responses = await race((index) =>
        tokenRequest(server.app, passwordParams(client, index === RACE - 1 ? {} : { password: `guess ${index}` })),
      );
      expectBurstLimited(responses, PASSWORD_FAILURE_BUCKET.capacity, WRONG_CREDENTIALS, LOGINS_LOCKED);
      // Whichever way the burst went, the bucket is dry now: the right password is refused.
      expect(json(await tokenRequest(server.app, passwordParams(client)))).toEqual(LOGINS_LOCKED);
    });
  });

  describe('OTP and recovery codes', () => {
    let enrollment: Awaited<ReturnType<typeof enrollOtp>>;
    let mfaToken: string;
    beforeEach(async () => {
      await enableMfa(server.app);
      client = await createClient(server.app);
      await createUser(server.app);
      enrollment = await enrollOtp(server, client);
      mfaToken = await loginForMfaToken(server.app, client);
    });

    it('one OTP code, 50 parallel uses: exactly one success, the rest refused', async () => {
      const code = oathtool(enrollment.secret, server.clock.now());
      const responses = await race(() => otpGrant(server.app, client, mfaToken, code));
      expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(1);
      // The winner's attempt is refunded, so the replays spend the whole bucket and the rest are locked out.
      expect(count(responses, 403, INVALID_OTP)).toBe(OTP_FAILURE_BUCKET.capacity);
      expect(count(responses, 429, CODES_LOCKED)).toBe(RACE - 1 - OTP_FAILURE_BUCKET.capacity);
    });

    it('OTP limiter: 50 parallel wrong codes evaluate at most 10, and the right code inside the burst is refused', async () => {
      const now = server.clock.now();
      const wrong = wrongCode(enrollment.secret, now);
      const lockoutsBefore = (await auditRows(server, 'gd_otp_rate_limit_exceed')).length;
      const responses = await race((index) => otpGrant(server.app, client, mfaToken, index === RACE - 1 ? oathtool(enrollment.secret, now) : wrong));
      expectBurstLimited(responses, OTP_FAILURE_BUCKET.capacity, INVALID_OTP, CODES_LOCKED);
      // One lockout, logged once, however many of the failures ran together.
      expect(await auditRows(server, 'gd_otp_rate_limit_exceed')).toHaveLength(lockoutsBefore + 1);
      // The bucket is dry now: a right code (the next step's, unused) is refused.
      expect(json(await otpGrant(server.app, client, mfaToken, oathtool(enrollment.secret, now + 30_000)))).toEqual(CODES_LOCKED);
    });

    it('a right OTP code costs no attempt', async () => {
      const now = server.clock.now();
      const wrong = wrongCode(enrollment.secret, now);
      for (let i = 0; i < OTP_FAILURE_BUCKET.capacity - 1; i++) expect(json(await otpGrant(server.app, client, mfaToken, wrong))).toEqual(INVALID_OTP);
      expect((await otpGrant(server.app, client, mfaToken, oathtool(enrollment.secret, now))).statusCode).toBe(200);
      expect(json(await otpGrant(server.app, client, mfaToken, wrong))).toEqual(INVALID_OTP);
      expect(json(await otpGrant(server.app, client, mfaToken, wrong))).toEqual(CODES_LOCKED);
    });

    it('one recovery code, 50 parallel uses: exactly one success, the rest refused', async () => {
      const code = enrollment.recoveryCode ?? '';
      const responses = await race(() => recoveryGrant(server.app, client, mfaToken, code));
      expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(1);
      expect(count(responses, 403, RECOVERY_REJECTED)).toBe(RECOVERY_FAILURE_BUCKET.capacity);
      expect(count(responses, 429, CODES_LOCKED)).toBe(RACE - 1 - RECOVERY_FAILURE_BUCKET.capacity);
    });

    it('recovery-code limiter: 50 parallel wrong codes evaluate at most 10, and the right code inside the burst is refused', async () => {
      const responses = await race((index) =>
        recoveryGrant(server.app, client, mfaToken, index === RACE - 1 ? (enrollment.recoveryCode ?? '') : 'AAAAAAAAAAAAAAAAAAAAAAAA'),
      );
      expectBurstLimited(responses, RECOVERY_FAILURE_BUCKET.capacity, RECOVERY_REJECTED, CODES_LOCKED);
      expect(json(await recoveryGrant(server.app, client, mfaToken, enrollment.recoveryCode ?? ''))).toEqual(CODES_LOCKED);
    });

    it('a right recovery code costs no attempt', async () => {
      const wrong = 'AAAAAAAAAAAAAAAAAAAAAAAA';
      for (let i = 0; i < RECOVERY_FAILURE_BUCKET.capacity - 1; i++) {
        expect(json(await recoveryGrant(server.app, client, mfaToken, wrong))).toEqual(RECOVERY_REJECTED);
      }
      expect((await recoveryGrant(server.app, client, mfaToken, enrollment.recoveryCode ?? '')).statusCode).toBe(200);
      expect(json(await recoveryGrant(server.app, client, mfaToken, wrong))).toEqual(RECOVERY_REJECTED);
      expect(json(await recoveryGrant(server.app, client, mfaToken, wrong))).toEqual(CODES_LOCKED);
    });
  });

  describe('push', () => {
    let userId: string;
    let mfaToken: string;
    beforeEach(async () => {
      const admin = await adminApi(server.app);
      await turnOnMfa(admin, ['push-notification', 'recovery-code']);
      client = await createClient(server.app);
      userId = (await createUser(server.app)).user_id;
      mfaToken = await loginForMfaToken(server.app, client);
    });
    const poll = (oobCode: string) =>
      tokenRequest(server.app, { grant_type: GRANT_TYPES.mfaOob, client_id: client.client_id, client_secret: client.client_secret, mfa_token: mfaToken, oob_code: oobCode });
    const pushEnrollment = async () =>
      expectStatus<{ oob_code: string }>(await associate(server.app, mfaToken, { authenticator_types: ['oob'], oob_channels: ['auth0'] }), 200).oob_code;
    /** Stands in for a device: the tests here are about the server's side of the race, not the device API. */
    const writeDb = (sql: string, ...params: unknown[]) => executeSql(server, sql, ...params);

    it('polling limiter: 50 parallel polls of one oob_code evaluate at most the bucket’s 12; the rest answer slow_down', async () => {
      const oobCode = await pushEnrollment();
      const responses = await race(() => poll(oobCode));
      expect(count(responses, 400, PENDING)).toBe(OOB_POLL_BUCKET.capacity);
      expect(count(responses, 400, SLOW_DOWN)).toBe(RACE - OOB_POLL_BUCKET.capacity);
    });

    it('one approved oob_code, 50 parallel polls: the tokens are handed out exactly once', async () => {
      const oobCode = await pushEnrollment();
      await writeDb("UPDATE push_transactions SET status = 'accepted', resolved_at = $1 WHERE kind = 'enrollment'", server.clock.now());
      const responses = await race(() => poll(oobCode));
      expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(1);
      expect(count(responses, 403, INVALID_OOB_CODE)).toBe(OOB_POLL_BUCKET.capacity - 1);
      expect(count(responses, 400, SLOW_DOWN)).toBe(RACE - OOB_POLL_BUCKET.capacity);
    });

    it('send limiter: 50 parallel push challenges send at most the bucket’s 5; the rest answer 429', async () => {
      await writeDb(
        // TRUE: PostgreSQL's BOOLEAN, SQLite's 1.
        "INSERT INTO authenticators (id, user_id, kind, link_id, active, created_at, confirmed_at) VALUES ($1, $2, 'push', $3, TRUE, $4, $5)",
        `push|${PUSH_LINK}`, userId, PUSH_LINK, server.clock.now(), server.clock.now(),
      );
      const responses = await race(() => challenge(server.app, { mfa_token: mfaToken, client_id: client.client_id, client_secret: client.client_secret, challenge_type: 'oob' }));
      expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(PUSH_SEND_BUCKET.capacity);
      expect(count(responses, 429, TOO_MANY_PUSHES)).toBe(RACE - PUSH_SEND_BUCKET.capacity);
      for (const refused of responses.filter((response) => response.statusCode === 429)) {
        expect(refused.headers).toMatchObject(rateLimitHeaders(PUSH_SEND_BUCKET.capacity, server.clock.now() + PUSH_SEND_BUCKET.refillMs));
      }
    });
  });

  describe('enrollment tickets and the enrollment page', () => {
    let ticketId: string;
    beforeEach(async () => {
      const admin = await adminApi(server.app);
      await turnOnMfa(admin);
      const user = await createUser(server.app);
      ticketId = expectStatus<{ ticket_id: string }>(await admin('POST', '/api/v2/guardian/enrollments/ticket', { user_id: user.user_id }), 200).ticket_id;
    });
    const start = () => formPost(server.app, '/guardian/enroll/start', { ticket: ticketId });

    it('one ticket, 50 parallel starts: exactly one session', async () => {
      const responses = await race(start);
      expect(responses.filter((response) => response.statusCode === 303)).toHaveLength(1);
      expect(responses.filter((response) => response.statusCode === 400)).toHaveLength(RACE - 1);
    });

    it('one page code, 50 parallel confirmations: exactly one enrollment', async () => {
      const cookie = cookiePair(await start());
      const setup = (await server.app.inject({ method: 'GET', url: '/guardian/enroll/setup', headers: { cookie } })).body;
      const secret = capture(setup, /<code class="secret" id="secret">([A-Z2-7]{32})<\/code>/);
      const csrf = capture(setup, /name="csrf" value="([^"]+)"/);
      const code = oathtool(secret, server.clock.now());
      const responses = await race(() => formPost(server.app, '/guardian/enroll/confirm', { csrf, code }, cookie));
      const enrolled = responses.filter((response) => response.statusCode === 200);
      expect(enrolled).toHaveLength(1);
      expect(enrolled[0]!.body).toContain('<h1>You\'re enrolled</h1>');
      expect(responses.filter((response) => response.statusCode === 400)).toHaveLength(RACE - 1);
    });
  });
});
