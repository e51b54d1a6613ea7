import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildTestServer, type TestServer, type TestServerOptions } from './server.js';
import { isPostgresLocation } from './test-engine.js';

export { TENANT_NAME } from './server.js';

export type ConfiguredServerOptions = Pick<TestServerOptions, 'issuer' | 'mail' | 'clock' | 'http' | 'logger' | 'logStreamIo' | 'logStreamSuspendAfterS' | 'dbPath' | 'dataKey' | 'outbox'>;

/**
 * buildTestServer with a chosen issuer (a listening test names its port) or outgoing mail, on a fresh
 * database that is removed (or given back) on close, whatever the caller passes (a SQLite file passed in is
 * a copy the caller made for this server alone: its folder is removed). Never listens.
 */
export async function buildConfiguredServer(options: ConfiguredServerOptions = {}): Promise<TestServer> {
  const server = await buildTestServer(options);
  return {
    ...server,
    async close() {
      await server.close();
      // A SQLite file the caller passed is a copy made for this server alone: its folder goes too.
      if (!isPostgresLocation(server.dbPath)) rmSync(dirname(server.dbPath), { recursive: true, force: true });
    },
  };
}
