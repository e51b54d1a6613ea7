import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GRANT_TYPES } from '../../../server/grants/types.js';
import { approve, createFileAccountStore, createFileKeyStore, enrollDevice, openStream, type PushRequest } from '../../../src-main/push-device/index.js';
import { requestInit, type RequestParts } from '../../helpers/http.js';
import { wrongCode } from '../../helpers/mfa-admin.js';
import { pollUntil } from '../../helpers/manual-timers.js';
import { createTestDatabase, describePostgres } from '../../helpers/postgres.js';
import { freePort, ServerGroup } from '../../helpers/process.js';
import { SERVED_BY, startRoundRobinProxy, type RoundRobinProxy } from '../../helpers/round-robin.js';
import { oathtool } from '../../helpers/server.js';

/**
 * Two built server processes (`npm run server` with TESSERA_DATABASE_URL) on one PostgreSQL database,
 * behind a round-robin load balancer that sends each request to the other instance: everything below
 * goes through the balancer only, so consecutive steps of one login land on different instances.
 */

const ADMIN = { client_id: 'rr-admin-client-000000000000000000', client_secret: 'rr-admin-secret-that-is-long-enough-000000000' };
const PASSWORD = 'a password long enough for the test';
const RACE = 50;
const STEP_MS = 30_000;
/** Time a test needs inside one TOTP step, so a code it computed stays in the server's window while used. */
const ROOM_MS = 10_000;
/** A case may wait up to ROOM_MS for a fresh step, then pays production-cost password hashes on a busy machine. */
const CASE_TIMEOUT_MS = 60_000;
/** A process start, on a machine as loaded as a shared CI runner can be (ServerGroup.start allows 15 s). */
const START_BOUND_MS = 60_000;
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const MFA_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const INVALID_OTP = { error: 'invalid_grant', error_description: 'Invalid otp_code.' };
const CODES_LOCKED = { error: 'too_many_attempts', error_description: 'Too many failed codes. Wait for some minutes before retrying.' };
const TOKENS = { access_token: expect.stringMatching(JWT), id_token: expect.stringMatching(JWT), scope: 'openid profile email', expires_in: 86400, token_type: 'Bearer' };
const mfaRequired = (requirements: Record<string, { type: string }[]>) => ({
  error: 'mfa_required',
  error_description: 'Multifactor authentication required',
  mfa_token: expect.stringMatching(MFA_TOKEN),
  mfa_requirements: requirements,
});

interface Answer {
  status: number;
  body: unknown;
  /** 0 or 1: the instance that answered. */
  servedBy: number;
}

let proxy: RoundRobinProxy;
let servers: ServerGroup;
let root: string;
let client: { client_id: string; client_secret: string };
const cleanups: (() => void)[] = [];

async function call(method: string, path: string, parts: RequestParts = {}): Promise<Answer> {
  const response = await fetch(new URL(path, proxy.url), requestInit(method, parts));
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown), servedBy: Number(response.headers.get(SERVED_BY)) };
}

const token = (form: Record<string, string>) => call('POST', '/oauth/token', { form: { ...client, ...form } });
const login = (email: string) => token({ grant_type: 'password', username: email, password: PASSWORD, scope: 'openid profile email' });
/** What the client saw: status and whole body. */
const seen = ({ status, body }: Answer) => ({ status, body });
const mfaTokenOf = (answer: Answer) => (answer.body as { mfa_token: string }).mfa_token;

/**
 * This step's and the previous step's codes (the two the server accepts), computed with ROOM_MS left in
 * the step, so a step change cannot invalidate them mid-test. The instances read the same system clock.
 */
async function codesWithRoom(secret: string): Promise<{ previous: string; current: string }> {
  await pollUntil(() => STEP_MS - (Date.now() % STEP_MS) >= ROOM_MS, 'room in the TOTP step', STEP_MS);
  const now = Date.now();
  return { previous: oathtool(secret, now - STEP_MS), current: oathtool(secret, now) };
}

/** Starts one built server on a free loopback port and returns its address once it listens. */
async function startInstance(dataDir: string, env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const server = servers.launch(dataDir, { ...env, TESSERA_PORT: String(port) });
  await server.waitForLog((line) => line.msg === `Tessera listening on 127.0.0.1:${port}`, START_BOUND_MS);
  return `http://127.0.0.1:${port}/`;
}

async function createUser(email: string): Promise<void> {
  const management = await call('POST', '/oauth/token', { form: { grant_type: 'client_credentials', ...ADMIN, audience: `${proxy.url}api/v2/` } });
  const bearer = (management.body as { access_token: string }).access_token;
  const created = await call('POST', '/api/v2/users', { bearer, json: { connection: 'Username-Password-Authentication', email, password: PASSWORD } });
  expect(created.status).toBe(201);
}

/** A user with a confirmed OTP authenticator, confirmed with the previous step's code; returns its secret. */
async function userWithOtp(email: string): Promise<string> {
  await createUser(email);
  const mfaToken = mfaTokenOf(await login(email));
  const { secret } = (await call('POST', '/mfa/associate', { bearer: mfaToken, json: { authenticator_types: ['otp'] } })).body as { secret: string };
  const { previous } = await codesWithRoom(secret);
  expect((await token({ grant_type: GRANT_TYPES.mfaOtp, mfa_token: mfaToken, otp: previous })).status).toBe(200);
  return secret;
}

describePostgres('two server processes on one PostgreSQL behind a round-robin balancer', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'tessera-round-robin-'));
    proxy = await startRoundRobinProxy();
    servers = new ServerGroup();
    const env = {
      TESSERA_DATABASE_URL: await createTestDatabase(),
      TESSERA_DATA_KEY: randomBytes(32).toString('hex'),
      // The balancer's address: one issuer for both, as clients and devices see it.
      TESSERA_ISSUER: proxy.url,
      TESSERA_TENANT_NAME: 'Tessera Test',
      TESSERA_ADMIN_CLIENT_ID: ADMIN.client_id,
      TESSERA_ADMIN_CLIENT_SECRET: ADMIN.client_secret,
    };
    proxy.route([await startInstance(join(root, 'a'), env), await startInstance(join(root, 'b'), env)]);

    const management = await call('POST', '/oauth/token', { form: { grant_type: 'client_credentials', ...ADMIN, audience: `${proxy.url}api/v2/` } });
    const bearer = (management.body as { access_token: string }).access_token;
    for (const factor of ['otp', 'push-notification']) expect((await call('PUT', `/api/v2/guardian/factors/${factor}`, { bearer, json: { enabled: true } })).status).toBe(200);
    expect((await call('PUT', '/api/v2/guardian/policies', { bearer, json: ['all-applications'] })).status).toBe(200);
    const created = await call('POST', '/api/v2/clients', { bearer, json: { name: 'App', grant_types: ['password', GRANT_TYPES.mfaOtp, GRANT_TYPES.mfaOob] } });
    expect(created.status).toBe(201);
    const { client_id, client_secret } = created.body as typeof client;
    client = { client_id, client_secret };
  }, 3 * START_BOUND_MS);

  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
    await proxy?.close();
    await servers?.killAll();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('runs the whole OTP flow with each step on the other instance', async () => {
    await createUser('ada@example.com');
    const steps: Answer[] = [];
    const step = async (answer: Promise<Answer>) => {
      steps.push(await answer);
      return steps.at(-1)!;
    };

    const first = await step(login('ada@example.com'));
    expect(seen(first)).toEqual({ status: 403, body: mfaRequired({ enroll: [{ type: 'push-notification' }, { type: 'otp' }] }) });
    const association = await step(call('POST', '/mfa/associate', { bearer: mfaTokenOf(first), json: { authenticator_types: ['otp'] } }));
    const secret = (association.body as { secret: string }).secret;
    expect(seen(association)).toEqual({
      status: 200,
      body: {
        authenticator_type: 'otp',
        secret: expect.stringMatching(/^[A-Z2-7]{32}$/),
        barcode_uri: `otpauth://totp/Tessera%20Test:ada%40example.com?secret=${secret}&issuer=Tessera%20Test&algorithm=SHA1&digits=6&period=30`,
      },
    });

    const codes = await codesWithRoom(secret);
    expect(seen(await step(token({ grant_type: GRANT_TYPES.mfaOtp, mfa_token: mfaTokenOf(first), otp: codes.previous })))).toEqual({ status: 200, body: TOKENS });
    const second = await step(login('ada@example.com'));
    expect(seen(second)).toEqual({ status: 403, body: mfaRequired({ challenge: [{ type: 'otp' }] }) });
    expect(seen(await step(call('POST', '/mfa/challenge', { json: { ...client, mfa_token: mfaTokenOf(second), challenge_type: 'otp' } })))).toEqual({
      status: 200,
      body: { challenge_type: 'otp' },
    });
    const tokens = await step(token({ grant_type: GRANT_TYPES.mfaOtp, mfa_token: mfaTokenOf(second), otp: codes.current }));
    expect(seen(tokens)).toEqual({ status: 200, body: TOKENS });

    // Strictly alternating: every step went to the other instance than the one before.
    expect(steps.map((answer) => answer.servedBy)).toEqual(steps.map((_, index) => (steps[0]!.servedBy + index) % 2));
  }, CASE_TIMEOUT_MS);

  it('accepts one code once across both instances: of 50 parallel uses exactly one wins', async () => {
    const secret = await userWithOtp('bo@example.com');
    const mfaToken = mfaTokenOf(await login('bo@example.com'));
    const { current } = await codesWithRoom(secret);
    const answers = await Promise.all(Array.from({ length: RACE }, () => token({ grant_type: GRANT_TYPES.mfaOtp, mfa_token: mfaToken, otp: current })));

    expect(answers.filter((answer) => answer.servedBy === 0)).toHaveLength(RACE / 2);
    const wins = answers.filter((answer) => answer.status === 200);
    expect(wins).toHaveLength(1);
    expect(wins[0]!.body).toEqual(TOKENS);
    // The replays are wrong codes to the shared failure bucket (the winner's attempt is refunded): ten
    // are evaluated and refused, and the bucket, empty, refuses the rest unseen.
    const refusals = answers.filter((answer) => answer.status !== 200).map(({ status, body }) => ({ status, body }));
    expect(refusals.filter((refusal) => refusal.status === 403)).toEqual(Array(10).fill({ status: 403, body: INVALID_OTP }));
    expect(refusals.filter((refusal) => refusal.status !== 403)).toEqual(Array(RACE - 1 - 10).fill({ status: 429, body: CODES_LOCKED }));
  }, CASE_TIMEOUT_MS);

  it('delivers a push raised on one instance to the device whose stream the other holds, and takes its approval', async () => {
    await createUser('cy@example.com');
    const folder = mkdtempSync(join(tmpdir(), 'tessera-round-robin-device-'));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const first = mfaTokenOf(await login('cy@example.com'));
    const association = (await call('POST', '/mfa/associate', { bearer: first, json: { authenticator_types: ['oob'], oob_channels: ['auth0'] } })).body as {
      barcode_uri: string;
      oob_code: string;
    };
    const keyStore = createFileKeyStore(join(folder, 'keys'));
    const account = await enrollDevice({ barcodeUri: association.barcode_uri, name: 'cy', keyStore, accountStore: createFileAccountStore(folder) });
    expect((await token({ grant_type: GRANT_TYPES.mfaOob, mfa_token: first, oob_code: association.oob_code })).status).toBe(200);

    const controller = new AbortController();
    cleanups.push(() => controller.abort());
    const requests: PushRequest[] = [];
    let open = false;
    const streamFrom = proxy.forwarded.length;
    void openStream(account, {
      keyStore,
      signal: controller.signal,
      onRequest: (request) => requests.push(request),
      onState: (state) => {
        if (state.status === 'open') open = true;
      },
    });
    await pollUntil(() => open, 'the device stream to open', 15_000);
    const holder = proxy.forwarded.slice(streamFrom).find((request) => request.path.endsWith('/events'))!.upstream;

    const second = mfaTokenOf(await login('cy@example.com'));
    // The challenge goes to the instance that does not hold the stream.
    if (proxy.next === holder) await call('GET', '/.well-known/jwks.json');
    const challenge = await call('POST', '/mfa/challenge', { json: { ...client, mfa_token: second, challenge_type: 'oob' } });
    expect(challenge).toEqual({ status: 200, servedBy: 1 - holder, body: { challenge_type: 'oob', oob_code: expect.stringMatching(/^[\w-]{43}$/), number_challenge: expect.stringMatching(/^\d{2}$/) } });
    await pollUntil(() => requests.length > 0, 'the push to reach the device', 15_000);
    expect(requests).toHaveLength(1);

    // Number matching (on by default): the user types the number the login screen shows.
    const { oob_code: oobCode, number_challenge: number } = challenge.body as { oob_code: string; number_challenge: string };
    await approve(account, requests[0]!, { keyStore, number });
    expect(seen(await token({ grant_type: GRANT_TYPES.mfaOob, mfa_token: second, oob_code: oobCode }))).toEqual({ status: 200, body: TOKENS });
  }, CASE_TIMEOUT_MS);

  it('counts wrong codes across both instances: ten are refused as wrong, then too_many_attempts from the 11th', async () => {
    const secret = await userWithOtp('dee@example.com');
    const mfaToken = mfaTokenOf(await login('dee@example.com'));
    const wrong = wrongCode(secret, Date.now());
    const answers: Answer[] = [];
    for (let i = 0; i < 20; i++) answers.push(await token({ grant_type: GRANT_TYPES.mfaOtp, mfa_token: mfaToken, otp: wrong }));

    expect(new Set(answers.map((answer) => answer.servedBy))).toEqual(new Set([0, 1]));
    expect(answers.map(({ status, body }) => ({ status, body }))).toEqual([
      ...Array(10).fill({ status: 403, body: INVALID_OTP }),
      ...Array(10).fill({ status: 429, body: CODES_LOCKED }),
    ]);
  }, CASE_TIMEOUT_MS);
});
