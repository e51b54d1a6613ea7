import type { Desktop } from './desktop';
import type { TrayState } from './tray-menu';

/** What the tray shows now, read through the same handlers as the page (so the lock applies alike). */
export async function collectTrayState(desktop: Desktop): Promise<TrayState> {
  const { handlers } = desktop;
  const locked = desktop.lock.isLocked();
  const server = await handlers['server:status']();
  // Read directly: while locked the menu still counts waiting requests (buildTrayMenu hides their details).
  const pending = desktop.push.pending();
  const list = await handlers['vault:list']();
  const codes = await handlers['vault:codes']();
  const byId = new Map(codes.ok ? codes.value.map((code) => [code.id, code]) : []);
  const pinned = list.ok ? list.value.filter((account) => account.pinned).map((account) => ({ account, code: byId.get(account.id) ?? null })) : [];
  return { locked, passcodeSet: desktop.lock.passcodeSet(), pinned, pending, server };
}
