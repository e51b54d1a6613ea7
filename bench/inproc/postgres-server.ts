import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { FixedClock } from '../../test/helpers/clock.js';

type Modules = {
  app: typeof import('../../server/app.js');
  bootstrap: typeof import('../../server/bootstrap.js');
  config: typeof import('../../server/config.js');
  random: typeof import('../../server/crypto/random.js');
  secretBox: typeof import('../../server/crypto/secret-box.js');
  postgres: typeof import('../../server/store/postgres/index.js');
  clock: typeof import('../../test/helpers/clock.js');
  testCrypto: typeof import('../../test/helpers/test-crypto.js');
  helpers: typeof import('../../test/helpers/server.js');
};

/**
 * What test/helpers/server.ts's buildTestServer makes, on the PostgreSQL database at `url` and with the
 * code under `root`: that helper takes its PostgreSQL databases from the test run's own server, which
 * only exists inside vitest.
 */
export async function buildPostgresServer(root: string, url: string): Promise<{ app: FastifyInstance; clock: FixedClock; close(): Promise<void> }> {
  const load = <K extends keyof Modules>(path: string) => import(pathToFileURL(join(root, path)).href) as Promise<Modules[K]>;
  const { buildServer } = await load<'app'>('server/app.ts');
  const { bootstrapTenant } = await load<'bootstrap'>('server/bootstrap.ts');
  const { DEFAULT_BODY_LIMIT } = await load<'config'>('server/config.ts');
  const { systemRandom } = await load<'random'>('server/crypto/random.ts');
  const { createSecretBox } = await load<'secretBox'>('server/crypto/secret-box.ts');
  const { openPostgresStore } = await load<'postgres'>('server/store/postgres/index.ts');
  const { fixedClock } = await load<'clock'>('test/helpers/clock.ts');
  const { TEST_KDF, testSigningKeyPair } = await load<'testCrypto'>('test/helpers/test-crypto.ts');
  const { ADMIN, ISSUER, TENANT_NAME } = await load<'helpers'>('test/helpers/server.ts');
  const clock = fixedClock();
  const store = await openPostgresStore(url);
  const secrets = createSecretBox(randomBytes(32), systemRandom);
  await bootstrapTenant({ store, secrets, clock, random: systemRandom, tenantName: TENANT_NAME, admin: ADMIN, signingKeyPair: await testSigningKeyPair() });
  const config = { issuer: ISSUER, tenantName: TENANT_NAME, bodyLimit: DEFAULT_BODY_LIMIT };
  const app = await buildServer({ store, clock, random: systemRandom, secrets, config, kdf: TEST_KDF });
  await app.ready();
  return {
    app,
    clock,
    async close() {
      await app.close();
      await store.close();
    },
  };
}
