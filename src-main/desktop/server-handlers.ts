import type { HandlersFor } from './channel-handlers';
import type { EmbeddedServer } from './embedded-server';
import type { SettingsStore } from './settings-store';

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
