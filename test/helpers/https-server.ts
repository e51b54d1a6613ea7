import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../server/app.js';
import { bootstrapTenant } from '../../server/bootstrap.js';
import { DEFAULT_BODY_LIMIT } from '../../server/config.js';
import { systemRandom } from '../../server/crypto/random.js';
import { createSecretBox } from '../../server/crypto/secret-box.js';
import { openFreshStore } from './db.js';
import { fixedClock, type FixedClock } from './clock.js';
import { ADMIN } from './server.js';
import { TEST_KDF, testSigningKeyPair } from './test-crypto.js';
import { listenHttps, selfSignedCertificate, trustingAgent, trustingFetch } from './tls.js';
import type { Agent } from 'node:https';

export interface HttpsTessera {
  app: FastifyInstance;
  clock: FixedClock;
  /** `127.0.0.1:<port>`: what the auth0 SDK calls `domain` (it builds `https://${domain}`). */
  domain: string;
  /** `https://127.0.0.1:<port>/`, so the SDK's own `iss` check matches. */
  issuer: string;
  /** Trusts only the test certificate; for the SDK's `agent` (its JWKS download). */
  agent: Agent;
  /** A fetch trusting only the test certificate; for the SDK's `fetch` and the test's own calls. */
  fetch: typeof fetch;
  close(): Promise<void>;
}

/**
 * Tessera in process, served over real HTTPS with a self-signed certificate. The HTTPS server
 * listens first so the issuer can name its port; requests go straight into Fastify's router.
 */
export async function startHttpsTessera(options: { mail?: { smtpUrl: string; from: string } } = {}): Promise<HttpsTessera> {
  const certificate = selfSignedCertificate();
  const { server, port } = await listenHttps(certificate);
  const issuer = `https://127.0.0.1:${port}/`;
  // Real time, frozen: the SDK checks id_token `exp` against its own clock; OTP codes stay deterministic.
  const clock = fixedClock(Date.now());
  const dir = mkdtempSync(join(tmpdir(), 'tessera-contract-'));
  const store = openFreshStore(join(dir, 'tessera.db'));
  const secrets = createSecretBox(randomBytes(32), systemRandom);
  await bootstrapTenant({ store, secrets, clock, random: systemRandom, tenantName: 'Tessera Contract', admin: ADMIN, signingKeyPair: await testSigningKeyPair() });
  const app = await buildServer({
    store,
    clock,
    random: systemRandom,
    secrets,
    config: { issuer, tenantName: 'Tessera Contract', bodyLimit: DEFAULT_BODY_LIMIT, ...(options.mail ? { mail: options.mail } : {}) },
    kdf: TEST_KDF,
  });
  await app.ready();
  server.on('request', (req, res) => app.routing(req, res));
  const agent = trustingAgent(certificate.cert);
  return {
    app,
    clock,
    domain: `127.0.0.1:${port}`,
    issuer,
    agent,
    fetch: trustingFetch(agent),
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
