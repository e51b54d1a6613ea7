import { performance } from 'node:perf_hooks';
import { ITERATIONS, measurePushLatency, WARMUP } from './push-latency.js';

/** `npm run bench`: every benchmark in turn. Never part of `npm test`. */
async function main(): Promise<void> {
  const started = performance.now();
  console.log(`push latency: ${ITERATIONS} sequential iterations after ${WARMUP} warm-up, loopback, interleaved with the bare SSE baseline`);
  const result = await measurePushLatency();
  console.log(`  (${result.users} users with one enrolled device each, so no user exceeds the push send limit)`);
  console.log(result.line);
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
