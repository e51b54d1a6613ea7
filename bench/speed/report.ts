/** How a goal is printed: the measured ratio beside its target, and whether it is met. */
export interface Goal {
  /** `max`: the ratio must be at most `target`; `min`: at least. */
  kind: 'max' | 'min';
  target: number;
}

export function median(samples: number[]): number {
  if (samples.length === 0) throw new Error('median of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function verdict(ratio: number, goal: Goal): string {
  const met = goal.kind === 'max' ? ratio <= goal.target : ratio >= goal.target;
  return `ratio ${ratio.toFixed(2)}x (target ${goal.kind === 'max' ? '≤' : '≥'} ${goal.target}x): ${met ? 'met' : 'NOT MET'}`;
}

/** CPU per unit in the most readable unit. */
export function cpu(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`;
}
