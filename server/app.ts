import Fastify, { type FastifyInstance } from 'fastify';
import { createPasswordHasher } from './crypto/passwords.js';
import { discoveryArea, deviceArea, docsArea, enrollArea, exportsArea, managementArea, oauthArea } from './areas.js';
import { clientErrorHandler, trackRequestsInFlight } from './client-errors.js';
import type { ServerDeps } from './deps.js';
import { frameworkErrors, registerAreaErrors } from './http-errors.js';
import { applyHttpLimits, resolveHttpLimits } from './http-limits.js';
import { audiences } from './scopes.js';
import { createSmtpMailer, type Mailer } from './delivery/email.js';
import { isOutboxDelivery } from './delivery/outbox.js';
import { registerOpenApi } from './openapi.js';
import { OneLineRequestLog } from './request-log.js';
import { createJobRunner } from './services/job-runner.js';
import { USER_ID_PARAM_MAX_LENGTH } from './services/import-schema.js';
import { createPushHub } from './services/push-hub.js';
import { createAuditLog } from './services/audit.js';
import { wakeAfterAuditCommit } from './services/audit-commit-wake.js';
import { createLogStreamWorker, systemTimers, type LogStreamWorker } from './services/log-stream-worker.js';
import { LOG_RETENTION_DAYS, LOG_STREAM_SUSPEND_AFTER_S } from './config.js';
import { createHousekeeping, unrefTimers } from './services/housekeeping.js';
import { createLogRetention } from './services/log-retention.js';
import { purgeMfaTransactions } from './services/mfa-tokens.js';
import { purgeOobCodes } from './factors/one-time-code.js';
import { registerBaseSecurityHeaders } from './security-headers.js';
import { loadSigner } from './tokens/signer.js';
import { createSerializerCompiler } from './serialization.js';
import { createValidatorCompiler } from './validation.js';

/**
 * Builds the Tessera server (never listens: the caller does). The tenant must be bootstrapped
 * (see bootstrap.ts) so its signing key exists.
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    logController: new OneLineRequestLog(),
    bodyLimit: deps.config.bodyLimit,
    // Clients' own IPs, unless an operator puts a proxy in front (then configure trustProxy there).
    trustProxy: false,
    return503OnClosing: true,
    // Malformed or over-long URLs get the catalogue's error shape too (http-errors.ts).
    frameworkErrors,
    // Fastify's default (100) is shorter than the longest user id an import may create: such a user
    // could not be read, updated or deleted through /api/v2/users/{id}.
    routerOptions: { maxParamLength: USER_ID_PARAM_MAX_LENGTH },
    // Errors Node's HTTP parser raises before Fastify sees a request (431, bad framing, timeouts).
    clientErrorHandler,
  });
  applyHttpLimits(app.server, resolveHttpLimits(deps.config.http));
  app.setValidatorCompiler(createValidatorCompiler());
  app.setSerializerCompiler(createSerializerCompiler());
  // Many HTTP clients send `Content-Type: application/json` on every request, bodyless ones included:
  // an empty body then means "no body" (route schemas still demand one where needed).
  const defaultJsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    return defaultJsonParser(request, body.toString(), done);
  });

  // Audit writes wake the log-stream worker, which needs `tessera` itself: made just below.
  const streams: { worker?: LogStreamWorker } = {};
  const audited = wakeAfterAuditCommit(deps.store, () => streams.worker?.kick());
  const store = audited.store;
  app.decorate('tessera', {
    store,
    signer: await loadSigner(store.signingKeys, deps.secrets, deps.config.issuer, deps.clock),
    secrets: deps.secrets,
    passwords: createPasswordHasher(deps.random, deps.kdf),
    clock: deps.clock,
    random: deps.random,
    config: deps.config,
    audiences: audiences(deps.config.issuer),
    audit: createAuditLog(store, deps.clock, deps.random, audited.recorded),
  });
  registerBaseSecurityHeaders(app);
  trackRequestsInFlight(app);
  // The root answers for paths outside every prefixed area: the Authentication API's paths, so the OAuth shape.
  registerAreaErrors(app, 'oauth', { notFound: true });

  const mailer: Mailer | undefined = deps.config.mail ? createSmtpMailer(deps.config.mail.smtpUrl, deps.config.mail.from) : undefined;
  app.decorate('mailer', mailer);
  app.decorate('codeDelivery', deps.codeDelivery);
  app.decorate('deliveryIo', deps.deliveryIo ?? {});
  app.decorate('outboxEnabled', isOutboxDelivery(deps.codeDelivery));
  const jobRunner = createJobRunner(app.tessera, app.log, deps.jobCoordination);
  app.decorate('jobRunner', jobRunner);
  // Jobs a previous run left unfinished resume once the server is ready; they stop when it closes.
  app.addHook('onReady', async () => jobRunner.kick());
  const io = { fetch: deps.logStreamIo?.fetch ?? globalThis.fetch, timers: deps.logStreamIo?.timers ?? systemTimers, listTimers: deps.logStreamIo?.listTimers ?? systemTimers };
  const logStreamWorker = createLogStreamWorker(app.tessera, io, app.log, (deps.config.logStreamSuspendAfterS ?? LOG_STREAM_SUSPEND_AFTER_S) * 1000, deps.coordination);
  streams.worker = logStreamWorker;
  app.decorate('logStreamWorker', logStreamWorker);
  // Events written while the server was down (or not yet delivered when it died) go out once it is ready.
  app.addHook('onReady', async () => logStreamWorker.kick());
  // A purge of many batches stops between two once the server closes.
  const retention = createLogRetention(app.tessera, deps.config.logRetentionDays ?? LOG_RETENTION_DAYS, () => chores.stopped);
  app.decorate('logRetention', retention);
  const chores = createHousekeeping([
    { name: 'audit log retention', run: () => retention.run() },
    { name: 'expired MFA transactions', run: () => purgeMfaTransactions(app.tessera) },
    { name: 'expired one-time codes', run: () => purgeOobCodes(app.tessera) },
  ], unrefTimers, app.log, deps.coordination);
  app.addHook('onReady', async () => chores.start());
  const pushHub = deps.pushHub ?? createPushHub(deps.config.sseHeartbeatMs);
  app.decorate('pushHub', pushHub);
  // Event streams never end by themselves: close them first, or closing would wait on them forever.
  app.addHook('preClose', async () => pushHub.close());
  app.addHook('onClose', async () => {
    chores.stop();
    jobRunner.stop();
    await logStreamWorker.stop();
    mailer?.close();
  });

  await registerOpenApi(app, deps.config.issuer);
  await app.register(discoveryArea);
  await app.register(enrollArea);
  await app.register(oauthArea);
  await app.register(deviceArea, { prefix: '/appliance-mfa' });
  await app.register(docsArea, { prefix: '/api/v2' });
  await app.register(managementArea, { prefix: '/api/v2' });
  await app.register(exportsArea, { prefix: '/api/v2/exports' });
  return app;
}
