import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildTestServer, type TestServer, type TestServerOptions } from './server.js';

export { TENANT_NAME } from './server.js';

export type ConfiguredServerOptions = Pick<TestServerOptions, 'issuer' | 'mail' | 'clock' | 'http' | 'logger' | 'logStreamIo' | 'logStreamSuspendAfterS' | 'dbPath' | 'dataKey' | 'outbox'>;

/**
 * buildTestServer with a chosen issuer (a listening test names its port) or outgoing mail, on a fresh
 * temp folder that is removed on close (or on a given database file, whose folder is then removed on
 * close: a copy the caller made for this server alone). Never listens.
 */
export async function buildConfiguredServer(options: ConfiguredServerOptions = {}): Promise<TestServer> {
  const server = await buildTestServer(options);
  return {
    ...server,
    async close() {
      await server.close();
      rmSync(dirname(server.dbPath), { recursive: true, force: true });
    },
  };
}
