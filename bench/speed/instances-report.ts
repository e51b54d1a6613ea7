import { cpu, median, verdict } from './report.js';

export type Configuration = 'one' | 'two';

/** One window: requests answered, wall time, and the CPU (ms) each party used during it. */
export interface Sample {
  configuration: Configuration;
  requests: number;
  wallMs: number;
  /** Both instances' processes (in `one`, B is idle and costs next to nothing). */
  serversMs: number;
  /** The postmaster and all its backends. */
  databaseMs: number;
  /** This process: the load generator. */
  clientMs: number;
  /** The whole machine (/proc/stat), everyone's work included, and its capacity (cores × wall). */
  machineBusyMs: number;
  machineTotalMs: number;
}

const rate = (sample: Sample) => (sample.requests * 1000) / sample.wallMs;
const perRequest = (ms: number, sample: Sample) => ms / sample.requests;
/** How many cores a party kept busy on average over the window. */
const cores = (ms: number, sample: Sample) => ms / sample.wallMs;
const ownMs = (sample: Sample) => sample.serversMs + sample.databaseMs + sample.clientMs;

function both(samples: Sample[], value: (sample: Sample) => number): [number, number] {
  const of = (configuration: Configuration) => median(samples.filter((sample) => sample.configuration === configuration).map(value));
  return [of('one'), of('two')];
}

const pair = ([one, two]: [number, number], format: (n: number) => string) => `${format(one)} | ${format(two)}`;
const coreCount = (n: number) => n.toFixed(2);

/**
 * The verdict, and why: the CPU each request costs across server, PostgreSQL and the load generator,
 * how many cores each kept busy, and the rate the machine's cores would allow at that cost.
 */
export function describeCeiling(samples: Sample[], run: { cores: number; rounds: number; requests: number; concurrency: number }): string[] {
  const [oneRate, twoRate] = both(samples, rate);
  const costs = both(samples, (sample) => perRequest(ownMs(sample), sample));
  const machineCores = both(samples, (sample) => (run.cores * sample.machineBusyMs) / sample.machineTotalMs);
  const others = both(samples, (sample) => (run.cores * sample.machineBusyMs) / sample.machineTotalMs - cores(ownMs(sample), sample));
  const ceiling = (cost: number) => (run.cores * 1000) / cost;
  return [
    `GET /mfa/authenticators: one instance ${oneRate.toFixed(0)}/s | two instances ${twoRate.toFixed(0)}/s | ${verdict(twoRate / oneRate, { kind: 'min', target: 1.6 })}`,
    `  (medians of ${run.rounds} windows of ${run.requests} requests per configuration, ${run.concurrency} in flight, interleaved; ` +
      `per-round ratios ${roundRatios(samples).map((ratio) => ratio.toFixed(2)).join(', ')})`,
    `  CPU per request, one | two instances: servers ${pair(both(samples, (s) => perRequest(s.serversMs, s)), cpu)}, ` +
      `PostgreSQL ${pair(both(samples, (s) => perRequest(s.databaseMs, s)), cpu)}, load generator ${pair(both(samples, (s) => perRequest(s.clientMs, s)), cpu)}; ` +
      `sum ${pair(costs, cpu)}`,
    `  cores kept busy, one | two: servers ${pair(both(samples, (s) => cores(s.serversMs, s)), coreCount)}, ` +
      `PostgreSQL ${pair(both(samples, (s) => cores(s.databaseMs, s)), coreCount)}, load generator ${pair(both(samples, (s) => cores(s.clientMs, s)), coreCount)}; ` +
      `whole machine ${pair(machineCores, coreCount)} of ${run.cores}, of which other work ${pair(others, coreCount)}`,
    `  ceiling at that cost: ${run.cores} cores ÷ ${cpu(costs[1])} per request (two instances) = ${ceiling(costs[1]).toFixed(0)}/s with the machine to ourselves, ` +
      `${(((run.cores - others[1]) * 1000) / costs[1]).toFixed(0)}/s beside the other work measured; ` +
      `1.6× one instance would be ${(1.6 * oneRate).toFixed(0)}/s`,
    `  throughput per server CPU-second, one | two: ${pair(both(samples, (s) => (s.requests * 1000) / s.serversMs), (n) => n.toFixed(0))} requests`,
  ];
}

/** Two-instance rate ÷ one-instance rate within each round (consecutive windows), to show the spread. */
function roundRatios(samples: Sample[]): number[] {
  const ratios: number[] = [];
  for (let i = 0; i + 1 < samples.length; i += 2) {
    const [first, second] = [samples[i]!, samples[i + 1]!];
    const [one, two] = first.configuration === 'one' ? [first, second] : [second, first];
    ratios.push(rate(two) / rate(one));
  }
  return ratios;
}
