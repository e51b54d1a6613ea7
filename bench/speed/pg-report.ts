import { perUnit, type CpuWindow } from './proc-cpu.js';
import { cpu, median } from './report.js';

/**
 * On PostgreSQL a request's cost is split between the server process and the database's backends. The
 * bench lines above count both (their ratios use the sum); this line says how it divides. For a bench of
 * several queries (`lists`), the medians mix them and only the share is meaningful.
 */
export function postgresSplitLine(windows: CpuWindow[]): string {
  if (windows.length === 0) return '(PostgreSQL: no server CPU window was measured)';
  const database = windows.map((window) => window.attributedCpuMs! / window.units);
  const server = windows.map((window, i) => perUnit(window) - database[i]!);
  const totalDatabase = windows.reduce((sum, window) => sum + window.attributedCpuMs!, 0);
  const total = windows.reduce((sum, window) => sum + window.cpuMs, 0);
  return (
    `(PostgreSQL store: the CPU above is the server's plus PostgreSQL's; over ${windows.length} server windows, per unit ` +
    `server ${cpu(median(server))} + PostgreSQL ${cpu(median(database))} (medians); PostgreSQL is ${((100 * totalDatabase) / total).toFixed(0)}% of the sum)`
  );
}
