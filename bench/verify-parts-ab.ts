import { parseArgs } from 'node:util';
import { partCases } from './inproc/part-cases.js';
import { REPO_ROOT, treeAt } from './inproc/tree.js';

/**
 * The verify's parts that changed, old tree against this checkout, in one process: each part is called
 * directly in windows that alternate between the two trees, CPU from `process.cpuUsage()`, and the
 * result is the median of each round's pair (a loaded machine slows both windows of a round alike).
 *
 *   npx tsx bench/verify-parts-ab.ts --base 2d25fb5 --rounds 30
 */
const { values } = parseArgs({ options: { base: { type: 'string' }, rounds: { type: 'string', default: '30' }, calls: { type: 'string', default: '60' } } });
if (!values.base) throw new Error('--base REF: the tree to compare with');
const calls = Number(values.calls);
const old = await partCases(treeAt(values.base));
const now = await partCases(REPO_ROOT);

const cpuMicros = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};
async function window(run: () => Promise<unknown>): Promise<number> {
  const start = cpuMicros();
  for (let i = 0; i < calls; i++) await run();
  return (cpuMicros() - start) / calls;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`part | old (${values.base}) µs | new µs | new − old, paired median µs`);
for (const name of Object.keys(now.cases)) {
  const before = old.cases[name]!;
  const after = now.cases[name]!;
  for (let i = 0; i < 3 * calls; i++) {
    await before();
    await after();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < Number(values.rounds); round++) {
    // Which tree goes first turns each round.
    if (round % 2) {
      b.push(await window(after));
      a.push(await window(before));
    } else {
      a.push(await window(before));
      b.push(await window(after));
    }
  }
  console.log(`${name} | ${median(a).toFixed(1)} | ${median(b).toFixed(1)} | ${median(b.map((x, i) => x - a[i]!)).toFixed(1)}`);
}
await old.close();
await now.close();
