import { perUnit, wholePerUnit, type CpuWindow } from './proc-cpu.js';
import { cpu, median, type Goal } from './report.js';

/**
 * On PostgreSQL a request's cost is split between the Tessera process and the database's backends. The
 * goal lines count the Tessera process only (as the goal says: the server's /proc/PID/stat); these lines
 * add PostgreSQL's CPU for the whole cost, so neither number hides the other.
 */

/** The whole cost beside the goal's ratio, or nothing when the windows had no database (SQLite). */
export function wholeCostLine(what: string, windows: CpuWindow[], baselineLabel: string, baselineCpu: number, goal: Goal): string[] {
  if (!windows.every((window) => window.attributedCpuMs !== undefined)) return [];
  const whole = median(windows.map(wholePerUnit));
  const ratio = whole / baselineCpu;
  return [
    `  whole cost, Tessera + PostgreSQL backends: ${what} ${cpu(whole)} | ${baselineLabel} ${cpu(baselineCpu)} | ratio ${ratio.toFixed(2)}x ` +
      `(for information: the goal's ${goal.kind === 'max' ? '≤' : '≥'} ${goal.target}x counts the Tessera process only)`,
  ];
}

/** How the whole cost divides, over all the server windows of one bench (for `lists`, several queries mixed). */
export function postgresSplitLine(windows: CpuWindow[]): string {
  if (windows.length === 0) return '(PostgreSQL: no server CPU window was measured)';
  const database = windows.map((window) => window.attributedCpuMs! / window.units);
  const server = windows.map(perUnit);
  const totalDatabase = windows.reduce((sum, window) => sum + window.attributedCpuMs!, 0);
  const total = windows.reduce((sum, window) => sum + window.cpuMs + window.attributedCpuMs!, 0);
  return (
    `(PostgreSQL store, over ${windows.length} server windows, per unit: Tessera process ${cpu(median(server))} (the goal's count) + ` +
    `PostgreSQL backends ${cpu(median(database))} (medians); PostgreSQL is ${((100 * totalDatabase) / total).toFixed(0)}% of the whole)`
  );
}
