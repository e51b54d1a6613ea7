import { performance } from 'node:perf_hooks';
import { ITERATIONS, measurePushLatency, WARMUP } from './push-latency.js';
import { measureStartup, ROUNDS } from './startup.js';
import { benchAuthenticators } from './speed/authenticators-bench.js';
import { runServersOnPostgres, SERVER_LOG_LEVEL } from './speed/tessera-process.js';
import { benchInstances } from './speed/instances-bench.js';
import { startBenchPostgres, type BenchPostgres } from './speed/pg-cluster.js';
import { postgresSplitLine } from './speed/pg-report.js';
import { takeAttributedWindows } from './speed/proc-cpu.js';
import { benchOtpVerify } from './speed/otp-verify-bench.js';
import { benchLists } from './speed/lists-bench.js';
import { benchPassword } from './speed/password-bench.js';

/**
 * `npm run bench`: every benchmark in turn, or the ones named (`npm run bench -- startup`). Never part of `npm test`.
 * `--store postgres`: the speed goals' servers run on a throwaway PostgreSQL started for the run.
 */
let postgres: BenchPostgres | undefined;

async function startedPostgres(): Promise<BenchPostgres> {
  postgres ??= await startBenchPostgres();
  return postgres;
}

const BENCHMARKS: Record<string, () => Promise<void>> = {
  async startup() {
    console.log(`start-up: ${ROUNDS} rounds after one warm-up, each running every case once, against node -e 0 in the same round`);
    const result = await measureStartup();
    for (const line of result.lines) console.log(`  ${line}`);
  },
  async push() {
    console.log(`push latency: ${ITERATIONS} sequential iterations after ${WARMUP} warm-up, loopback, interleaved with the bare SSE baseline`);
    const result = await measurePushLatency();
    console.log(`  (${result.users} users with one enrolled device each, so no user exceeds the push send limit)`);
    console.log(result.line);
  },
  async authenticators() {
    console.log('speed goal: GET /mfa/authenticators CPU per request against a bare Fastify JSON route (server CPU from /proc)');
    for (const line of await benchAuthenticators()) console.log(`  ${line}`);
  },
  async otp() {
    console.log('speed goal: mfa-otp verify CPU per request against two RS256 signatures in a plain Node process');
    for (const line of await benchOtpVerify()) console.log(`  ${line}`);
  },
  async password() {
    console.log('speed goal: password grant rate against raw scrypt, and unrelated requests during a password burst');
    for (const line of await benchPassword()) console.log(`  ${line}`);
  },
  async lists() {
    console.log('speed goal: Management lists and searches at 100,000 users against 100 (CPU per request)');
    for (const line of await benchLists()) console.log(`  ${line}`);
  },
  async instances() {
    console.log('speed goal: GET /mfa/authenticators throughput, two server instances on one PostgreSQL against one');
    for (const line of await benchInstances(await startedPostgres())) console.log(`  ${line}`);
  },
};

const SPEED_GOALS = ['authenticators', 'otp', 'password', 'lists'];
const STORES = ['sqlite', 'postgres'];

function parseArgs(argv: string[]): { names: string[]; store: string } {
  const at = argv.indexOf('--store');
  if (at === -1) return { names: argv, store: 'sqlite' };
  const store = argv[at + 1];
  if (!store || !STORES.includes(store)) throw new Error(`--store takes one of ${STORES.join(', ')}`);
  return { names: argv.filter((_, i) => i !== at && i !== at + 1), store };
}

async function main(): Promise<void> {
  const started = performance.now();
  const { names, store } = parseArgs(process.argv.slice(2));
  const unknown = names.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`);
  const selected = names.length > 0 ? names : Object.keys(BENCHMARKS);
  if (selected.some((name) => SPEED_GOALS.includes(name))) {
    console.log(`(speed goals of issue 12: the built server at log level ${SERVER_LOG_LEVEL}, stdout to /dev/null; CPU from /proc/PID/stat; store: ${store})`);
  }
  try {
    if (store === 'postgres') {
      const database = await startedPostgres();
      runServersOnPostgres({ create: () => database.createDatabase(), cpuMs: () => database.cpuMs() });
    }
    for (const name of selected) {
      await BENCHMARKS[name]!();
      if (store === 'postgres' && SPEED_GOALS.includes(name)) console.log(`  ${postgresSplitLine(takeAttributedWindows())}`);
    }
  } finally {
    await postgres?.stop();
  }
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
