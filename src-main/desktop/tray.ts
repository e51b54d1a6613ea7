import { Menu, nativeImage, Tray } from 'electron';
import type { Desktop } from './desktop';
import { buildTrayMenu, type TrayActions } from './tray-menu';
import { collectTrayState } from './tray-state';
import { trayIconPng } from './tray-icon';

// Native menus cannot change while open, so the codes are refreshed on a timer: a code shown is at
// most this old, and the seconds-left label says how long it still holds.
const REFRESH_MS = 5_000;

/** The tray icon and its menu (built by the plain, tested buildTrayMenu). Call after app 'ready'. */
export function createTray(desktop: Desktop, actions: TrayActions): { refresh(): Promise<void>; destroy(): void } {
  const tray = new Tray(nativeImage.createFromBuffer(trayIconPng()));
  tray.setToolTip('Tessera');
  let destroyed = false;
  async function refresh(): Promise<void> {
    const items = buildTrayMenu(await collectTrayState(desktop), actions);
    if (!destroyed) tray.setContextMenu(Menu.buildFromTemplate(items));
  }
  const timer = setInterval(() => void refresh().catch((error: unknown) => console.warn('[tray] refresh failed', error)), REFRESH_MS);
  void refresh();
  return {
    refresh,
    destroy() {
      destroyed = true;
      clearInterval(timer);
      tray.destroy();
    },
  };
}
