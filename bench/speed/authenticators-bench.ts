import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBaseline, type BaselineProcess } from './baseline-process.js';
import { expectStatus, getAllOk } from './pool.js';
import { measureCpu, perUnit, type CpuWindow } from './proc-cpu.js';
import { wholeCostLine } from './pg-report.js';
import { cpu, median, verdict } from './report.js';
import { benchUsers, createLoginClient, importUsers, mfaToken, requireOtpForAll } from './seed.js';
import { ensureNodeBuild, newAdminCredentials, startTessera } from './tessera-process.js';

/**
 * Issue 12: `GET /mfa/authenticators` costs at most 2.5× the CPU of a bare Fastify JSON route per request.
 * Both are driven by the same client (this process, keep-alive fetch, CONCURRENCY in flight), with the
 * same Authorization header and the same response body; rounds alternate which one goes first.
 */
export const ROUNDS = 7;
const REQUESTS = 3000;
const WARMUP = 500;
const CONCURRENCY = 4;


function floorLine(floorCpu: number, bareCpu: number, realCpu: number): string {
  return (
    `  floor (not a goal): the bare route sending one statement to the same PostgreSQL through node-postgres: ${cpu(floorCpu)} CPU/request, ` +
    `${(floorCpu / bareCpu).toFixed(2)}x the bare route; Tessera ÷ floor ${(realCpu / floorCpu).toFixed(2)}x`
  );
}

export async function benchAuthenticators(): Promise<string[]> {
  await ensureNodeBuild();
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-authenticators-'));
  const server = await startTessera(dir, newAdminCredentials());
  try {
    // User 0 has a TOTP authenticator (benchUsers gives one to every even-numbered user).
    const users = benchUsers(2, 'authn');
    await importUsers(server, users);
    await requireOtpForAll(server);
    const client = await createLoginClient(server);
    // An mfa_token lasts 10 minutes, less than a whole run on a busy machine: each round takes a fresh one.
    const freshAuthorization = async () => `Bearer ${await mfaToken(server, client, users[0]!)}`;
    let authorization = await freshAuthorization();
    const route = new URL('mfa/authenticators', server.url).href;
    const body = await expectStatus(await fetch(route, { headers: { authorization } }), 200, 'GET /mfa/authenticators');
    const bare = await startBaseline('fastify-json', [JSON.stringify(body)]);
    let oneStatement: BaselineProcess | undefined;
    try {
      // On PostgreSQL, a floor beside the baseline: the bare route plus one statement (for information).
      if (server.databaseUrl) oneStatement = await startBaseline('fastify-json', [JSON.stringify(body), server.databaseUrl]);
      const bareRoute = `http://127.0.0.1:${bare.port}/json`;
      const oneStatementRoute = oneStatement && `http://127.0.0.1:${oneStatement.port}/json`;
      await getAllOk(route, authorization, WARMUP, CONCURRENCY);
      await getAllOk(bareRoute, authorization, WARMUP, CONCURRENCY);
      if (oneStatementRoute) await getAllOk(oneStatementRoute, authorization, WARMUP, CONCURRENCY);
      const real: CpuWindow[] = [];
      const baseline: CpuWindow[] = [];
      const floor: CpuWindow[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        authorization = await freshAuthorization();
        const measureReal = async () => real.push(await measureCpu(server.pid, () => getAllOk(route, authorization, REQUESTS, CONCURRENCY)));
        const measureBare = async () => baseline.push(await measureCpu(bare.pid, () => getAllOk(bareRoute, authorization, REQUESTS, CONCURRENCY)));
        if (round % 2 === 0) await measureReal().then(measureBare);
        else await measureBare().then(measureReal);
        if (oneStatement) floor.push(await measureCpu(oneStatement.pid, () => getAllOk(oneStatementRoute!, authorization, REQUESTS, CONCURRENCY)));
      }
      const realCpu = median(real.map(perUnit));
      const bareCpu = median(baseline.map(perUnit));
      const goal = { kind: 'max', target: 2.5 } as const;
      return [
        `GET /mfa/authenticators: ${cpu(realCpu)} CPU/request | bare Fastify JSON route: ${cpu(bareCpu)} CPU/request | ` + verdict(realCpu / bareCpu, goal),
        ...wholeCostLine('GET /mfa/authenticators', real, 'bare Fastify JSON route', bareCpu, goal),
        `  (medians of ${ROUNDS} windows of ${REQUESTS} requests, ${CONCURRENCY} in flight; per-window ratios ` +
          `${real.map((window, i) => (perUnit(window) / perUnit(baseline[i]!)).toFixed(2)).join(', ')})`,
        ...(oneStatement ? [floorLine(median(floor.map(perUnit)), bareCpu, realCpu)] : []),
      ];
    } finally {
      await Promise.all([bare.stop(), oneStatement?.stop()]);
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
