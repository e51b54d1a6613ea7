import { mkdirSync } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import { join } from 'node:path';
import { adminCredentialsFile } from './admin-credentials.js';
import { buildServer } from './app.js';
import { bootstrapTenant } from './bootstrap.js';
import { loadConfig } from './config.js';
import { loadDataKey } from './crypto/data-key.js';
import { systemRandom } from './crypto/random.js';
import { createSecretBox } from './crypto/secret-box.js';
import { systemClock } from './deps.js';
import { createOutboxDelivery } from './delivery/outbox.js';
import { warmPendingSchemas } from './lazy-schemas.js';
import { bufferedLogOutput } from './log-output.js';
import { openSqliteStore } from './store/sqlite/index.js';

export { ADMIN_CREDENTIALS_FILE } from './admin-credentials.js';

const SCHEMA_WARM_DELAY_MS = 3_000;

/** The standalone server: `npm run server`. Settings from TESSERA_* variables or --flags. */
async function main(): Promise<void> {
  // Everything the server writes (database, WAL, key and credential files) is private to its user.
  process.umask(0o077);
  const config = loadConfig(process.env, process.argv.slice(2));
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const dataKey = loadDataKey(config.dataDir, process.env, systemRandom);
  const secrets = createSecretBox(dataKey.key, systemRandom);

  const output = bufferedLogOutput();
  const logger = {
    stream: output.stream,
    level: process.env.TESSERA_LOG_LEVEL ?? 'info',
    // Defence in depth: no route logs these, and pino drops them if one ever tries.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body', 'res.headers["set-cookie"]'], remove: true },
    // Fastify's request fields, minus the query string: links carry bearer secrets there
    // (an enrollment ticket_url), and the Management API's `q` carries user data.
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: request.url.replace(/\?.*$/s, '?[redacted]'),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket.remotePort,
      }),
    },
  };
  // PostgreSQL when TESSERA_DATABASE_URL names one, shared with the other instances; else SQLite in the data dir.
  const shared = config.databaseUrl
    ? await (await import('./postgres-deployment.js')).openPostgresDeployment(config.databaseUrl, {
        secrets,
        random: systemRandom,
        clock: systemClock,
        report: (error, from) => console.error(from === 'pool' ? `tessera: a PostgreSQL connection failed: ${error.message}` : `tessera: push hub: ${error.message}`),
      })
    : undefined;
  const store = shared?.store ?? openSqliteStore(join(config.dataDir, 'tessera.db'));
  const credentials = adminCredentialsFile(config.dataDir, config.issuer);
  const boot = await bootstrapTenant({
    store,
    secrets,
    clock: systemClock,
    random: systemRandom,
    tenantName: config.tenantName,
    admin: { clientId: process.env.TESSERA_ADMIN_CLIENT_ID, clientSecret: process.env.TESSERA_ADMIN_CLIENT_SECRET },
    credentials,
  });
  const app = await buildServer({
    store, clock: systemClock, random: systemRandom, secrets, config, logger,
    ...(config.delivery === 'outbox' ? { codeDelivery: createOutboxDelivery({ store, secrets, clock: systemClock, random: systemRandom }) } : {}),
    ...(shared ? { pushHub: shared.pushHub, jobCoordination: shared.jobCoordination, coordination: shared.coordination } : {}),
  });

  app.log.info({ dataDir: config.dataDir, database: config.databaseUrl ? 'postgresql' : 'sqlite', dataKey: dataKey.source === 'TESSERA_DATA_KEY' ? 'TESSERA_DATA_KEY' : dataKey.source }, 'data loaded');
  if (config.delivery === 'outbox') app.log.info('one-time codes go to the developer outbox (TESSERA_DELIVERY=outbox): read them with GET /api/v2/outbox');
  if (boot.created) {
    const { admin, generated } = boot.created;
    if (generated) {
      app.log.info({ client_id: admin.clientId, credentials_file: credentials.path }, 'tenant created; admin client credentials written (0600)');
    } else {
      app.log.info({ client_id: admin.clientId }, 'tenant created; admin client from TESSERA_ADMIN_CLIENT_ID/SECRET');
    }
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app
      .close()
      .then(() => store.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ host: config.host, port: config.port });
  // The bound port, which differs from the configured one when that is 0.
  const bound = app.server.address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : config.port;
  app.log.info({ issuer: config.issuer }, `Tessera listening on ${config.host}:${String(port)}`);
  // Whoever waits for that line (a supervisor, a test) has it now, not when the batch fills.
  output.flush();
  // Route schemas compile on first use; a few seconds after start-up (which they would slow down), the
  // rest compile between requests, so traffic finds them warm.
  setTimeout(() => {
    warmPendingSchemas().catch((error: unknown) => app.log.error({ err: error }, 'a route schema does not compile'));
  }, SCHEMA_WARM_DELAY_MS).unref();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
