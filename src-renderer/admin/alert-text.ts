import type { AlertView } from '../../src-main/ipc/contract';

/** 600 → "10 min", 7200 → "2 h", 90 → "90 s": the window the server counted in. */
export function windowText(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** One line an admin can act on: who, how many, how fast, and whether push is already locked. */
export function alertText(alert: AlertView): string {
  const window = windowText(alert.windowSeconds);
  if (alert.type === 'push_fatigue') {
    const who = alert.userName ?? alert.userId ?? 'a user';
    return `${alert.count} denied pushes for ${who} in ${window}${alert.pushLocked ? ' — push locked' : ''}`;
  }
  const by = alert.clientName ?? alert.clientId;
  return `${alert.count} MFA resets ${by ? `by client ${by}` : 'across the tenant'} in ${window}`;
}
