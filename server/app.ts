import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { createPasswordHasher } from './crypto/passwords.js';
import type { ServerDeps } from './deps.js';
import { frameworkErrors, registerErrorHandling } from './http-errors.js';
import { registerManagementAuth } from './routes/management/auth.js';
import { clientGrantRoutes } from './routes/management/client-grants.js';
import { clientRoutes } from './routes/management/clients.js';
import { resourceServerRoutes } from './routes/management/resource-servers.js';
import { guardianRoutes } from './routes/management/guardian.js';
import { userMfaRoutes } from './routes/management/user-mfa.js';
import { userRoutes } from './routes/management/users.js';
import { associateRoute } from './routes/mfa/associate.js';
import { authenticatorRoutes } from './routes/mfa/authenticators.js';
import { challengeRoute } from './routes/mfa/challenge.js';
import { tokenRoute } from './routes/oauth/token.js';
import { wellKnownRoutes } from './routes/oauth/well-known.js';
import { audiences } from './scopes.js';
import { createSmtpMailer, type Mailer } from './delivery/email.js';
import { registerOpenApi } from './openapi.js';
import { enrollPage } from './routes/enroll/page.js';
import { authenticationMethodRoutes } from './routes/management/authentication-methods.js';
import { enrollmentRoutes } from './routes/management/enrollments.js';
import { jobRoutes } from './routes/management/jobs.js';
import { logRoutes } from './routes/management/logs.js';
import { ticketRoutes } from './routes/management/tickets.js';
import { createJobRunner } from './services/mfa-reset-job.js';
import { createPushHub } from './services/push-hub.js';
import { deviceAccountRoutes } from './routes/guardian/device-accounts.js';
import { deviceEnrollRoute } from './routes/guardian/enroll.js';
import { deviceEventsRoute } from './routes/guardian/events.js';
import { resolveRoute } from './routes/guardian/resolve.js';
import { pushSettingsRoutes } from './routes/management/push-settings.js';
import { createAuditLog } from './services/audit.js';
import { createStore } from './store/index.js';
import { loadSigner } from './tokens/signer.js';
import { createValidatorCompiler } from './validation.js';

/**
 * Builds the Tessera server (never listens: the caller does). The tenant must be bootstrapped
 * (see bootstrap.ts) so its signing key exists.
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: deps.config.bodyLimit,
    // Clients' own IPs, unless an operator puts a proxy in front (then configure trustProxy there).
    trustProxy: false,
    return503OnClosing: true,
    // Malformed or over-long URLs get the catalogue's error shape too (http-errors.ts).
    frameworkErrors,
  });
  app.setValidatorCompiler(createValidatorCompiler());
  // Many HTTP clients send `Content-Type: application/json` on every request, bodyless ones included:
  // an empty body then means "no body" (route schemas still demand one where needed).
  const defaultJsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') return done(null, undefined);
    return defaultJsonParser(request, body.toString(), done);
  });

  const store = createStore(deps.db);
  app.decorate('tessera', {
    store,
    signer: await loadSigner(store.signingKeys, deps.secrets, deps.config.issuer, deps.clock),
    secrets: deps.secrets,
    passwords: createPasswordHasher(deps.random, deps.kdf),
    clock: deps.clock,
    random: deps.random,
    config: deps.config,
    audiences: audiences(deps.config.issuer),
    audit: createAuditLog(store, deps.clock, deps.random),
  });
  registerErrorHandling(app);

  const mailer: Mailer | undefined = deps.config.mail ? createSmtpMailer(deps.config.mail.smtpUrl, deps.config.mail.from) : undefined;
  app.decorate('mailer', mailer);
  const jobRunner = createJobRunner(app.tessera);
  app.decorate('jobRunner', jobRunner);
  // Jobs a previous run left unfinished resume once the server is ready; they stop when it closes.
  app.addHook('onReady', async () => jobRunner.kick());
  const pushHub = createPushHub(deps.config.sseHeartbeatMs);
  app.decorate('pushHub', pushHub);
  // Event streams never end by themselves: close them first, or closing would wait on them forever.
  app.addHook('preClose', async () => pushHub.close());
  app.addHook('onClose', async () => {
    jobRunner.stop();
    mailer?.close();
  });

  await registerOpenApi(app, deps.config.issuer);
  await app.register(wellKnownRoutes);
  await app.register(enrollPage);
  // The Guardian device API (reference §7): JSON only, errors in the Management/Guardian shape.
  await app.register(async (guardian) => {
    await guardian.register(deviceEnrollRoute);
    await guardian.register(deviceEventsRoute);
    await guardian.register(resolveRoute);
    await guardian.register(deviceAccountRoutes);
  });
  // OAuth and MFA endpoints take form bodies as well as JSON (reference §9.1); the Management API takes JSON only.
  await app.register(async (oauth) => {
    await oauth.register(formbody);
    // Fastify parses text/plain by default; here it is not a parameter encoding, so it gets 415.
    oauth.removeContentTypeParser('text/plain');
    await oauth.register(tokenRoute);
    await oauth.register(associateRoute);
    await oauth.register(challengeRoute);
    await oauth.register(authenticatorRoutes);
  });
  await app.register(
    async (management) => {
      registerManagementAuth(management);
      // JSON only (reference §6): a text/plain body gets 415 like any other non-JSON body.
      management.removeContentTypeParser('text/plain');
      await management.register(userRoutes);
      await management.register(userMfaRoutes);
      await management.register(clientRoutes);
      await management.register(clientGrantRoutes);
      await management.register(resourceServerRoutes);
      await management.register(guardianRoutes);
      await management.register(logRoutes);
      await management.register(enrollmentRoutes);
      await management.register(authenticationMethodRoutes);
      await management.register(ticketRoutes);
      await management.register(jobRoutes);
      await management.register(pushSettingsRoutes);
    },
    { prefix: '/api/v2' },
  );
  return app;
}
