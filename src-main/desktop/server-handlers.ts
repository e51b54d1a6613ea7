import type { ServerStatus } from '../ipc/contract';
import type { HandlersFor } from './channel-handlers';
import type { EmbeddedServer } from './embedded-server';
import type { SettingsStore } from './settings-store';

/** States in which the user wants the server up: a port change moves it (a failed one tries again there). */
const WANTED_UP: readonly ServerStatus['state'][] = ['starting', 'running', 'failed'];

export function createServerHandlers(server: EmbeddedServer, settings: SettingsStore): HandlersFor<'server'> {
  return {
    'server:status': async () => {
      const status = server.status();
      // Before the first start, the port shown is the one a start would use.
      return status.state === 'stopped' ? { ...status, port: settings.get().serverPort } : status;
    },
    'server:start': () => server.start(settings.get().serverPort),
    'server:stop': () => server.stop(),
  };
}

/**
 * A new port in the settings applies at once: a server that is up restarts there (settings:update
 * answers after it has, with the outcome in server:status); a stopped one only shows the new port,
 * which `onStoppedPortChange` announces.
 */
export function followPortSetting(server: EmbeddedServer, settings: SettingsStore, onStoppedPortChange: () => void): void {
  settings.onChange(async (next, previous) => {
    if (next.serverPort === previous.serverPort) return;
    if (WANTED_UP.includes(server.status().state)) await server.start(next.serverPort);
    else onStoppedPortChange();
  });
}
