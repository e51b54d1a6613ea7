import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBaseline, type BaselineProcess } from './baseline-process.js';
import { expectStatus, runPool } from './pool.js';
import { measureCpu, perUnit, type CpuWindow } from './proc-cpu.js';
import { wholeCostLine } from './pg-report.js';
import { cpu, median, verdict } from './report.js';
import { benchUsers, createLoginClient, importUsers, mfaToken, requireOtpForAll, tokenRequest, type BenchClient } from './seed.js';
import { ensureNodeBuild, newAdminCredentials, startTessera, type TesseraProcess } from './tessera-process.js';
import { createCodeSupply, type OtpAttempt } from './totp-codes.js';

/**
 * Issue 12: an `mfa-otp` verify (code check, replay record, audit rows, access and ID token) costs at
 * most 1.5× the CPU of two RS256 signatures in a plain Node process. Each user's mfa_token comes from
 * one password grant in the set-up (an mfa_token serves until it expires, 10 minutes); each code is
 * used once, so the users are rotated and, when all are spent, the next window waits for a new step.
 * The warm-up is one window's worth (80): the first 80 verifies of a fresh server cost about twice what
 * the next ones do, and from there on the cost stays flat (bench/README.md, "Is it steady state?").
 * BENCH_OTP_USERS, BENCH_OTP_WARMUP and BENCH_OTP_VERIFIES change the sizes, to study that.
 * Two floors are measured beside it, for information (baselines/verify-floor.ts): the least a verify could
 * do with these parts (a bare Fastify route, one SQLite transaction, otplib, the same two signatures), and
 * that route signing only; what they cost ÷ the pair is the lowest ratio this stack could print.
 */
export const ROUNDS = 5;
const TOTP_USERS = Number(process.env.BENCH_OTP_USERS ?? 160);
const VERIFIES = Number(process.env.BENCH_OTP_VERIFIES ?? 80);
const WARMUP = Number(process.env.BENCH_OTP_WARMUP ?? 80);
const SIGNATURE_PAIRS = 400;
const CONCURRENCY = 4;
const LOGIN_CONCURRENCY = 4;
const MFA_OTP = 'http://auth0.com/oauth/grant-type/mfa-otp';

async function verifyMany(server: Pick<TesseraProcess, 'url'>, client: BenchClient, supply: { take(): OtpAttempt }, count: number): Promise<number> {
  await runPool(count, CONCURRENCY, async () => {
    const { mfaToken: token, otp, user } = supply.take();
    const response = await tokenRequest(server, { grant_type: MFA_OTP, ...client, mfa_token: token, otp });
    const body = (await expectStatus(response, 200, `mfa-otp for ${user.email}`)) as { access_token?: string; id_token?: string };
    if (!body.access_token || !body.id_token) throw new Error('mfa-otp answered without an access token and an ID token');
  });
  return count;
}

export async function benchOtpVerify(): Promise<string[]> {
  await ensureNodeBuild();
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-otp-'));
  const server = await startTessera(dir, newAdminCredentials());
  try {
    const users = benchUsers(TOTP_USERS * 2, 'otp');
    await importUsers(server, users);
    await requireOtpForAll(server);
    const client = await createLoginClient(server);
    const totpUsers = users.filter((user) => user.totpSecret);
    const tokens = await runPool(totpUsers.length, LOGIN_CONCURRENCY, (i) => mfaToken(server, client, totpUsers[i]!));
    const supply = createCodeSupply(totpUsers.map((user, i) => ({ user, mfaToken: tokens[i]! })));
    // The floor's users are its own, so its windows spend none of the server's codes.
    const floorUsers = benchUsers(TOTP_USERS * 2, 'floor').filter((user) => user.totpSecret);
    const floorSupply = createCodeSupply(floorUsers.map((user) => ({ user, mfaToken: user.userId })));
    const started: BaselineProcess[] = [];
    const start = async (name: string, args?: string[]) => {
      const baseline = await startBaseline(name, args);
      started.push(baseline);
      return baseline;
    };
    try {
      const signer = await start('rs256');
      const floor = await start('verify-floor', [JSON.stringify(floorUsers.map((user) => ({ userId: user.userId, secret: user.totpSecret })))]);
      const floorServer = { url: `http://127.0.0.1:${floor.port}/` };
      const signOnly = await start('verify-floor', ['[]', 'sign-only']);
      const signOnlyServer = { url: `http://127.0.0.1:${signOnly.port}/` };
      // It checks no code: any attempt will do, and none is spent.
      const anyAttempt = { take: (): OtpAttempt => ({ user: floorUsers[0]!, mfaToken: floorUsers[0]!.userId, otp: '000000' }) };
      for (let left = WARMUP; left > 0; left -= VERIFIES) {
        const count = Math.min(left, VERIFIES);
        await supply.waitFor(count);
        await verifyMany(server, client, supply, count);
        await floorSupply.waitFor(count);
        await verifyMany(floorServer, client, floorSupply, count);
        await verifyMany(signOnlyServer, client, anyAttempt, count);
      }
      const real: CpuWindow[] = [];
      const baseline: CpuWindow[] = [];
      const floorWindows: CpuWindow[] = [];
      const signOnlyWindows: CpuWindow[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        await supply.waitFor(VERIFIES);
        real.push(await measureCpu(server.pid, () => verifyMany(server, client, supply, VERIFIES)));
        baseline.push(await measureCpu(signer.pid, () => signer.run(SIGNATURE_PAIRS).then(() => SIGNATURE_PAIRS)));
        await floorSupply.waitFor(VERIFIES);
        floorWindows.push(await measureCpu(floor.pid, () => verifyMany(floorServer, client, floorSupply, VERIFIES)));
        signOnlyWindows.push(await measureCpu(signOnly.pid, () => verifyMany(signOnlyServer, client, anyAttempt, VERIFIES)));
      }
      const verifyCpu = median(real.map(perUnit));
      const pairCpu = median(baseline.map(perUnit));
      const floorCpu = median(floorWindows.map(perUnit));
      const signOnlyCpu = median(signOnlyWindows.map(perUnit));
      const goal = { kind: 'max', target: 1.5 } as const;
      return [
        `mfa-otp verify: ${cpu(verifyCpu)} CPU/request | two RS256 signatures (jose, RSA-2048, plain Node): ${cpu(pairCpu)} | ` + verdict(verifyCpu / pairCpu, goal),
        ...wholeCostLine('mfa-otp verify', real, 'two RS256 signatures', pairCpu, goal),
        `  (medians of ${ROUNDS} windows of ${VERIFIES} verifies, ${CONCURRENCY} in flight, over ${TOTP_USERS} users, and of ` +
          `${SIGNATURE_PAIRS} signature pairs; per-window ratios ${real.map((window, i) => (perUnit(window) / perUnit(baseline[i]!)).toFixed(2)).join(', ')})`,
        `  floor (not a goal): bare Fastify + one SQLite transaction (read, check, replay record, one log row) + the same two signatures: ` +
          `${cpu(floorCpu)} CPU/request, ${(floorCpu / pairCpu).toFixed(2)}x the pair; Tessera's verify ÷ floor ${(verifyCpu / floorCpu).toFixed(2)}x`,
        `    the same route with no transaction, only the two signatures: ${cpu(signOnlyCpu)} CPU/request, ${(signOnlyCpu / pairCpu).toFixed(2)}x the pair`,
      ];
    } finally {
      await Promise.all(started.map((baseline) => baseline.stop()));
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
