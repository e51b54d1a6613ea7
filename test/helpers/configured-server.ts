import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildServer } from '../../server/app.js';
import { bootstrapTenant } from '../../server/bootstrap.js';
import { DEFAULT_BODY_LIMIT, type ServerConfig } from '../../server/config.js';
import { systemRandom } from '../../server/crypto/random.js';
import { createSecretBox } from '../../server/crypto/secret-box.js';
import { openDatabase } from '../../server/store/db.js';
import { fixedClock, type FixedClock } from './clock.js';
import { ADMIN, ISSUER, type TestServer } from './server.js';

export const TENANT_NAME = 'Tessera Test';

export interface ConfiguredServerOptions {
  /** Defaults to helpers/server.ts's ISSUER, so its `mgmt`/`tokenRequest` helpers apply. */
  issuer?: string;
  mail?: ServerConfig['mail'];
  clock?: FixedClock;
}

/**
 * Like buildTestServer (helpers/server.ts), but with the parts of ServerConfig that one does not
 * expose: the issuer (a listening test names its port) and outgoing mail. Never listens.
 */
export async function buildConfiguredServer(options: ConfiguredServerOptions = {}): Promise<TestServer> {
  const clock = options.clock ?? fixedClock();
  const dbPath = join(mkdtempSync(join(tmpdir(), 'tessera-configured-')), 'tessera.db');
  const dataKey = randomBytes(32);
  const db = openDatabase(dbPath);
  const secrets = createSecretBox(dataKey, systemRandom);
  await bootstrapTenant({ db, secrets, clock, random: systemRandom, tenantName: TENANT_NAME, admin: ADMIN });
  const config: ServerConfig = {
    issuer: options.issuer ?? ISSUER,
    tenantName: TENANT_NAME,
    bodyLimit: DEFAULT_BODY_LIMIT,
    ...(options.mail ? { mail: options.mail } : {}),
  };
  const app = await buildServer({ db, clock, random: systemRandom, secrets, config });
  await app.ready();
  return {
    app,
    clock,
    dbPath,
    dataKey,
    async close() {
      await app.close();
      db.close();
      rmSync(dirname(dbPath), { recursive: true, force: true });
    },
  };
}
