/** Latency samples in milliseconds, summarised the way the benchmark prints them. */
export interface Summary {
  n: number;
  median: number;
  p99: number;
}

/** Nearest-rank percentile (no interpolation): the smallest sample with at least `p`% of samples at or below it. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no samples');
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, median: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;

export function describe(label: string, summary: Summary): string {
  return `${label}: median ${ms(summary.median)}, p99 ${ms(summary.p99)}`;
}
