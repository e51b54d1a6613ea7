import { setMaxListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createFileAccountStore,
  createFileKeyStore,
  enrollDevice,
  openStream,
  type DeviceAccount,
  type KeyStore,
} from '../src-main/push-device/index.js';
import { startBareSse } from './bare-sse.js';
import { describe, summarise, type Summary } from './stats.js';
import { startBenchTessera, type BenchTessera } from './tessera.js';

/**
 * Push latency on loopback: POST /mfa/challenge sent → the login request parsed by the device's
 * stream (the real client library), against a bare SSE round trip measured the same way.
 */

export const ITERATIONS = 200;
export const WARMUP = 30;
/** The push send limit is 5 per user per minute (https://auth0.com/docs/troubleshoot/customer-support/operational-policies/rate-limit-policy/rate-limit-configurations/enterprise-public): 5 challenges per user, users in turn. */
const CHALLENGES_PER_USER = 5;
/** Enrollment costs a password hash and an RSA key per user; a few at a time keep the setup short. */
const SETUP_BATCH = 6;
const PASSWORD = 'bench password that is long enough';
const MFA_OOB_GRANT = 'http://auth0.com/oauth/grant-type/mfa-oob';

export interface PushLatencyResult {
  push: Summary;
  bare: Summary;
  ratio: number;
  users: number;
  line: string;
}

interface BenchUser {
  email: string;
  mfaToken: string;
  account: DeviceAccount;
  keyStore: KeyStore;
  /** Resolves with the time the next login request was parsed on this user's stream. */
  nextEvent(): Promise<number>;
}

interface Client {
  client_id: string;
  client_secret: string;
}

async function login(tessera: BenchTessera, client: Client, email: string): Promise<string> {
  const form = { grant_type: 'password', client_id: client.client_id, client_secret: client.client_secret, username: email, password: PASSWORD };
  return (await tessera.call<{ mfa_token: string }>('POST', '/oauth/token', { form, expect: 403 })).mfa_token;
}

async function enrollUser(tessera: BenchTessera, client: Client, email: string, folder: string): Promise<Omit<BenchUser, 'nextEvent'>> {
  await tessera.management('POST', '/api/v2/users', { connection: 'Username-Password-Authentication', email, password: PASSWORD }, 201);
  const mfaToken = await login(tessera, client, email);
  const association = await tessera.call<{ barcode_uri: string; oob_code: string }>('POST', '/mfa/associate', {
    bearer: mfaToken,
    json: { authenticator_types: ['oob'], oob_channels: ['auth0'] },
  });
  const keyStore = createFileKeyStore(join(folder, 'keys'));
  const account = await enrollDevice({ barcodeUri: association.barcode_uri, name: email, keyStore, accountStore: createFileAccountStore(folder) });
  const form = { grant_type: MFA_OOB_GRANT, client_id: client.client_id, client_secret: client.client_secret, mfa_token: mfaToken, oob_code: association.oob_code };
  await tessera.call('POST', '/oauth/token', { form });
  return { email, mfaToken: await login(tessera, client, email), account, keyStore };
}

/** Opens the user's stream; every event's arrival time goes to whoever waits for it. */
async function listen(user: Omit<BenchUser, 'nextEvent'>, signal: AbortSignal): Promise<BenchUser> {
  const waiters: ((at: number) => void)[] = [];
  let opened!: () => void;
  const open = new Promise<void>((resolve) => (opened = resolve));
  void openStream(user.account, {
    keyStore: user.keyStore,
    signal,
    onRequest: () => waiters.shift()?.(performance.now()),
    onState: (state) => state.status === 'open' && opened(),
  });
  await open;
  return { ...user, nextEvent: () => new Promise<number>((resolve) => waiters.push(resolve)) };
}

async function setUp(tessera: BenchTessera, users: number, folder: string, signal: AbortSignal): Promise<{ client: Client; users: BenchUser[] }> {
  await tessera.management('PUT', '/api/v2/guardian/factors/push-notification', { enabled: true });
  await tessera.management('PUT', '/api/v2/guardian/policies', ['all-applications']);
  const client = await tessera.management<Client>('POST', '/api/v2/clients', { name: 'Bench App', grant_types: ['password', MFA_OOB_GRANT] }, 201);
  const enrolled: BenchUser[] = [];
  for (let start = 0; start < users; start += SETUP_BATCH) {
    const batch = Array.from({ length: Math.min(SETUP_BATCH, users - start) }, (_, i) => start + i);
    const ready = await Promise.all(batch.map((n) => enrollUser(tessera, client, `user${n}@bench.test`, join(folder, String(n)))));
    enrolled.push(...(await Promise.all(ready.map((user) => listen(user, signal)))));
  }
  return { client, users: enrolled };
}

async function pushRoundTrip(tessera: BenchTessera, client: Client, user: BenchUser): Promise<number> {
  const received = user.nextEvent();
  const sentAt = performance.now();
  await tessera.call('POST', '/mfa/challenge', {
    json: { mfa_token: user.mfaToken, client_id: client.client_id, client_secret: client.client_secret, challenge_type: 'oob' },
  });
  return (await received) - sentAt;
}

export async function measurePushLatency(iterations = ITERATIONS, warmup = WARMUP): Promise<PushLatencyResult> {
  const folder = mkdtempSync(join(tmpdir(), 'tessera-bench-devices-'));
  const controller = new AbortController();
  // One signal stops every device stream; each stream listens on it twice.
  setMaxListeners(0, controller.signal);
  const tessera = await startBenchTessera();
  const bare = await startBareSse();
  try {
    const userCount = Math.ceil((iterations + warmup) / CHALLENGES_PER_USER);
    const { client, users } = await setUp(tessera, userCount, folder, controller.signal);
    // A body of the same size as the challenge request, so both sides parse the same bytes.
    const bareBody = { mfa_token: users[0]!.mfaToken, client_id: client.client_id, client_secret: client.client_secret, challenge_type: 'oob' };
    const pushSamples: number[] = [];
    const bareSamples: number[] = [];
    // Interleaved, so both see the same JIT state, GC pressure and CPU frequency.
    for (let i = 0; i < iterations + warmup; i += 1) {
      const push = await pushRoundTrip(tessera, client, users[i % users.length]!);
      const baseline = await bare.roundTrip(bareBody);
      if (i < warmup) continue;
      pushSamples.push(push);
      bareSamples.push(baseline);
    }
    const pushSummary = summarise(pushSamples);
    const bareSummary = summarise(bareSamples);
    const ratio = pushSummary.median / bareSummary.median;
    const line = `${describe('push challenge→event', pushSummary)} | ${describe('bare SSE', bareSummary)} | ratio ${ratio.toFixed(1)}x`;
    return { push: pushSummary, bare: bareSummary, ratio, users: users.length, line };
  } finally {
    controller.abort();
    await bare.close();
    await tessera.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
