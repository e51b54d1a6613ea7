// The embedded Tessera server's lifecycle.

export interface ServerStatus {
  state: 'stopped' | 'starting' | 'running' | 'failed';
  port: number;
  /** `http://127.0.0.1:PORT/` while running. */
  url: string | null;
  /** Why it failed (e.g. the port is taken); no secret. */
  message: string | null;
}

export interface ServerChannels {
  'server:status': { args: []; result: ServerStatus };
  'server:start': { args: []; result: ServerStatus };
  'server:stop': { args: []; result: ServerStatus };
}

export const serverMethods = {
  serverStatus: 'server:status',
  startServer: 'server:start',
  stopServer: 'server:stop',
} as const satisfies Record<string, keyof ServerChannels>;
