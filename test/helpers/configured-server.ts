import { buildTestServer, type TestServer, type TestServerOptions } from './server.js';

export { TENANT_NAME } from './server.js';

export type ConfiguredServerOptions = Pick<TestServerOptions, 'issuer' | 'mail' | 'clock' | 'http' | 'logger' | 'logStreamIo' | 'logStreamSuspendAfterS'>;

/**
 * buildTestServer with a chosen issuer (a listening test names its port) or outgoing mail, on a fresh
 * database that is removed (or given back) on close, whatever the caller passes. Never listens.
 */
export async function buildConfiguredServer(options: ConfiguredServerOptions = {}): Promise<TestServer> {
  const server = await buildTestServer(options);
  return { ...server, close: () => server.close() };
}
