import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** The unit of /proc/PID/stat's times (`getconf CLK_TCK`, 100 on every Linux we know, but asked, not assumed). */
export function clockTicksPerSecond(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  if (!Number.isFinite(ticksPerSecond) || ticksPerSecond <= 0) throw new Error('getconf CLK_TCK gave no tick rate');
  return ticksPerSecond;
}

/**
 * utime + stime of a live process and all its threads (libuv's pool included), in ms: fields 14 and 15 of
 * /proc/PID/stat (proc(5)), counted after the command name, which may itself hold spaces.
 */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond();
}

export interface CpuWindow {
  /** The measured process's own CPU over the window, in ms: what issue 12's goals compare. */
  cpuMs: number;
  wallMs: number;
  units: number;
  /**
   * What the process's database (PostgreSQL's backends and auxiliary processes) spent over the same
   * window, when it has one: outside the goal's count, printed beside it as the whole cost.
   */
  attributedCpuMs?: number;
}

/**
 * For a server on PostgreSQL: the database's CPU over each of its windows, read beside the server's own.
 * The goal's ratio is the server process's CPU (issue 12: "the server's CPU time per request
 * (/proc/PID/stat)"); with SQLite the database runs inside that process, with PostgreSQL it does not, so
 * the bench prints both that ratio and the whole cost (server + PostgreSQL).
 */
const attributed = new Map<number, () => number>();
const attributedWindows: CpuWindow[] = [];

export function attributeCpu(pid: number, readCpuMs: () => number): void {
  attributed.set(pid, readCpuMs);
}

/** The windows measured with attributed CPU since the last call (for the server/database split). */
export function takeAttributedWindows(): CpuWindow[] {
  return attributedWindows.splice(0);
}

/** Runs `work` (which returns how many units it did) and reads the process's CPU just before and after. */
export async function measureCpu(pid: number, work: () => Promise<number>): Promise<CpuWindow> {
  const readOther = attributed.get(pid);
  const otherBefore = readOther?.() ?? 0;
  const cpuBefore = processCpuMs(pid);
  const started = performance.now();
  const units = await work();
  const wallMs = performance.now() - started;
  const ownMs = processCpuMs(pid) - cpuBefore;
  if (!readOther) return { cpuMs: ownMs, wallMs, units };
  const otherMs = readOther() - otherBefore;
  const window = { cpuMs: ownMs, wallMs, units, attributedCpuMs: otherMs };
  attributedWindows.push(window);
  return window;
}

/** The process's own CPU per unit: the goals' measure. */
export const perUnit = (window: CpuWindow) => window.cpuMs / window.units;
/** The process's CPU plus its database's, per unit: the whole cost of a request on PostgreSQL. */
export const wholePerUnit = (window: CpuWindow) => (window.cpuMs + (window.attributedCpuMs ?? 0)) / window.units;
