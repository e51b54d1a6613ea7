import { readdirSync, readFileSync } from 'node:fs';
import { clockTicksPerSecond } from './proc-cpu.js';

/** The fields of /proc/PID/stat after the command name (which may hold spaces), or undefined once the process is gone. */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** proc(5): fields 4 (ppid), 14–17 (utime, stime, cutime, cstime), counted after the command name. */
const PPID = 1;
const UTIME = 11;
const CUTIME = 13;

function ticks(fields: string[], from: number, count: number): number {
  let sum = 0;
  for (let i = from; i < from + count; i++) sum += Number(fields[i]);
  return sum;
}

/** The parent of a live process (a PostgreSQL backend's parent is the postmaster). */
export function parentPid(pid: number): number {
  const fields = statFields(pid);
  if (!fields) throw new Error(`process ${pid} is gone`);
  return Number(fields[PPID]);
}

/**
 * CPU of a process and every child it forked, in ms. PostgreSQL forks one backend per connection plus its
 * auxiliary processes (checkpointer, WAL writer, autovacuum…), all children of the postmaster. A child
 * that ended was reaped by the postmaster, which adds its whole CPU to its own cutime/cstime; one still
 * alive is read from its own stat. So the difference of two readings is the tree's CPU in between,
 * whether backends came and went or not.
 */
export function processTreeCpuMs(rootPid: number): number {
  const root = statFields(rootPid);
  if (!root) throw new Error(`process ${rootPid} is gone`);
  let total = ticks(root, UTIME, 2) + ticks(root, CUTIME, 2);
  const parent = String(rootPid);
  for (const entry of readdirSync('/proc')) {
    if (entry.charCodeAt(0) > 57) continue; // not a PID: /proc's other entries start with a letter
    const fields = statFields(entry);
    if (fields?.[PPID] === parent) total += ticks(fields, UTIME, 2);
  }
  return (total * 1000) / clockTicksPerSecond();
}
