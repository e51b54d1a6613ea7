import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { partTimes, PARTS } from './inproc/parts.js';
import { startBenchPostgres } from './speed/pg-cluster.js';
import { rs256PairSigner } from './speed/sign-pair.js';
import { REPO_ROOT, treeAt } from './inproc/tree.js';
import { loadVariant, VERIFIES_PER_TOKEN, type Variant } from './inproc/variant.js';

/**
 * `mfa-otp` verifies in this process through `app.inject` (no HTTP, no log output), CPU per verify from
 * `process.cpuUsage()` (every thread: libuv's pool does the RSA), in windows that take turns with a
 * window of two jose RS256 signatures and, with `--base REF`, with the same verify on the code at REF
 * (loaded beside this checkout's, same process), so a busy machine hits all of them alike.
 * `--profile` splits each variant's main-thread time by part (V8's sampling profiler: wall-clock
 * samples, so read it on an idle machine).
 *
 *   npx tsx bench/verify-inproc.ts --base HEAD~3 --windows 40 --profile
 *   npx tsx bench/verify-inproc.ts --base HEAD~3 --store postgres
 */
const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    windows: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '150' },
    profile: { type: 'boolean', default: false },
    store: { type: 'string', default: 'sqlite' },
  },
});
if (values.store !== 'sqlite' && values.store !== 'postgres') throw new Error('--store sqlite or --store postgres');
const WINDOW = VERIFIES_PER_TOKEN;
const windows = Number(values.windows);

// On PostgreSQL (`--store postgres`), a throwaway cluster with a database per variant; the CPU counted
// is this process's only (the goal's count), not PostgreSQL's backends'.
const postgres = values.store === 'postgres' ? await startBenchPostgres() : undefined;
const database = async () => (postgres ? await postgres.createDatabase() : undefined);
const variants: Variant[] = [await loadVariant('new', REPO_ROOT, await database())];
if (values.base) variants.unshift(await loadVariant(`old (${values.base})`, treeAt(values.base), await database()));

const signPair = await rs256PairSigner();

const cpuMicros = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};
async function window(run: () => Promise<unknown>, refresh?: () => Promise<void>): Promise<number> {
  await refresh?.();
  const start = cpuMicros();
  for (let i = 0; i < WINDOW; i++) await run();
  return (cpuMicros() - start) / WINDOW;
}

for (const variant of variants) {
  for (let i = 0; i < Number(values.warmup); i++) {
    if (i % WINDOW === 0) await variant.refresh();
    await variant.verify();
  }
}
for (let i = 0; i < 100; i++) await signPair();

const session = new Session();
if (values.profile) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
}
const results = new Map<string, number[]>([['pair', []], ...variants.map((v) => [v.name, []] as [string, number[]])]);
for (let round = 0; round < windows; round++) {
  // The order turns each round, so no variant always runs right after the same other one.
  const turn = [...variants.map((v) => ({ name: v.name, run: () => v.verify(), refresh: () => v.refresh() })), { name: 'pair', run: signPair, refresh: undefined }];
  for (let k = 0; k < turn.length; k++) {
    const item = turn[(round + k) % turn.length]!;
    results.get(item.name)!.push(await window(item.run, item.refresh));
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pair = median(results.get('pair')!);
console.log(`two RS256 signatures (jose): ${pair.toFixed(0)} µs CPU`);
for (const variant of variants) {
  const xs = results.get(variant.name)!;
  console.log(`${variant.name}: ${median(xs).toFixed(0)} µs CPU per verify (${(median(xs) / pair).toFixed(2)}x the pair; windows ${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`);
}
if (variants.length === 2) {
  // Paired by round: the two windows of a round ran seconds apart, so a load that comes and goes
  // moves both; the median of the rounds' differences is steadier than the difference of the medians.
  const [old, now] = variants.map((v) => results.get(v.name)!);
  const differences = now!.map((x, i) => x - old![i]!);
  const ratios = now!.map((x, i) => x / old![i]!);
  const quartiles = (xs: number[]) => [...xs].sort((a, b) => a - b).filter((_, i, all) => i === Math.floor(all.length / 4) || i === Math.floor((3 * all.length) / 4));
  console.log(`new − old, paired by round: median ${median(differences).toFixed(0)} µs (quartiles ${quartiles(differences).map((x) => x.toFixed(0)).join(', ')}); new ÷ old ${median(ratios).toFixed(3)}`);
}

if (values.profile) {
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  if (process.env.BENCH_PROFILE_OUT) (await import('node:fs')).writeFileSync(process.env.BENCH_PROFILE_OUT, JSON.stringify(profile));
  const count = windows * WINDOW;
  const split = partTimes(profile, new Map(variants.map((v) => [v.name, `${v.root}/server/`])));
  const names = variants.map((v) => v.name);
  console.log(`\nmain-thread µs per verify (sampled) | ${names.join(' | ')}`);
  const row = (label: string, pick: (name: string) => number) => console.log(`${label.padEnd(22)} | ${names.map((n) => (pick(n) / count).toFixed(0).padStart(6)).join(' | ')}`);
  row('all of the variant', (n) => split.get(n)!.total);
  for (const part of PARTS) row(part, (n) => split.get(n)!.parts.get(part) ?? 0);
}
for (const variant of variants) await variant.close();
await postgres?.stop();
