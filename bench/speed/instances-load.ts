import { Agent, request } from 'node:http';
import { readFileSync } from 'node:fs';
import { clockTicksPerSecond } from './proc-cpu.js';

/**
 * The load generator of the two-instance bench: plain `node:http` GETs on keep-alive connections (cheaper
 * per request than `fetch`, so the generator takes less of the cores it shares with the servers), sent
 * round-robin to the instances' addresses, a fixed number in flight. Every answer must be 200.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function getOk(url: URL, authorization: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`GET ${url.href}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/** `count` GETs, request i to `urls[i % urls.length]` with `authorizations[i % …]`, `concurrency` in flight. */
export async function roundRobinGets(urls: URL[], authorizations: string[], count: number, concurrency: number): Promise<number> {
  let next = 0;
  async function worker(): Promise<void> {
    while (next < count) {
      const i = next++;
      await getOk(urls[i % urls.length]!, authorizations[i % authorizations.length]!);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return count;
}

export function closeLoadConnections(): void {
  agent.destroy();
}

/** The whole machine's CPU time so far, in ms summed over all cores, and how much of it was busy (/proc/stat's `cpu` line, proc(5)). */
export function machineCpuMs(): { totalMs: number; busyMs: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
  // user nice system idle iowait irq softirq steal (guest time is already inside user).
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number) as number[];
  const total = user! + nice! + system! + idle! + iowait! + irq! + softirq! + steal!;
  const toMs = (ticks: number) => (ticks * 1000) / clockTicksPerSecond();
  return { totalMs: toMs(total), busyMs: toMs(total - idle! - iowait!) };
}
