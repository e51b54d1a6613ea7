import type { Profiler } from 'node:inspector';

/**
 * The verify's parts, by the function that does each (inclusive main-thread time: the function's own
 * frames and everything it calls, in the synchronous stretches the profiler saw it on the stack).
 */
export const PARTS = [
  'routeHandler',
  'authenticateClient',
  'resolveGrantMfaToken',
  'isFactorEnabled',
  'verifyOtp',
  'attemptOtp',
  'verifyTotp',
  'onAccepted',
  'record',
  'recordAll',
  'recordLoginOf',
  'completeMfaLogin',
  'issueUserTokens',
  'resolveAudience',
  'sign',
  'transaction',
] as const;

export interface PartTimes {
  /** Samples whose stack holds a frame of this variant's code: its main-thread time, in µs. */
  total: number;
  parts: Map<string, number>;
}

/** Splits one CPU profile by variant (the root its frames' files live under) and by part, in µs. */
export function partTimes(profile: Profiler.Profile, roots: Map<string, string>): Map<string, PartTimes> {
  const parent = new Map<number, number>();
  const byId = new Map<number, Profiler.ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const out = new Map<string, PartTimes>();
  for (const name of roots.keys()) out.set(name, { total: 0, parts: new Map() });
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const delta = deltas[i + 1] ?? 0;
    let variant: string | undefined;
    const seen = new Set<string>();
    for (let id: number | undefined = samples[i]; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)!.callFrame;
      for (const [name, root] of roots) {
        if (!frame.url.includes(root)) continue;
        variant ??= name;
        if ((PARTS as readonly string[]).includes(frame.functionName)) seen.add(frame.functionName);
      }
    }
    if (!variant) continue;
    const times = out.get(variant)!;
    times.total += delta;
    for (const part of seen) times.parts.set(part, (times.parts.get(part) ?? 0) + delta);
  }
  return out;
}
