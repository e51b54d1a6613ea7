import formbody from '@fastify/formbody';
import type { FastifyPluginAsync } from 'fastify';
import { registerAreaErrors } from './http-errors.js';
import { openApiDocs } from './openapi.js';
import { enrollPage } from './routes/enroll/page.js';
import { deviceAccountRoutes } from './routes/guardian/device-accounts.js';
import { deviceEnrollRoute } from './routes/guardian/enroll.js';
import { deviceEventsRoute } from './routes/guardian/events.js';
import { resolveRoute } from './routes/guardian/resolve.js';
import { registerManagementAuth } from './routes/management/auth.js';
import { alertRoutes } from './routes/management/alerts.js';
import { authenticationMethodRoutes } from './routes/management/authentication-methods.js';
import { clientGrantRoutes } from './routes/management/client-grants.js';
import { clientRoutes } from './routes/management/clients.js';
import { clientCredentialRoutes } from './routes/management/client-credentials.js';
import { resourceServerRoutes } from './routes/management/resource-servers.js';
import { enrollmentRoutes } from './routes/management/enrollments.js';
import { guardianRoutes } from './routes/management/guardian.js';
import { emailTemplateRoutes } from './routes/management/email-templates.js';
import { guardianPhoneRoutes } from './routes/management/guardian-phone.js';
import { guardianSettingsRoutes } from './routes/management/guardian-settings.js';
import { jobRoutes } from './routes/management/jobs.js';
import { connectionRoutes } from './routes/management/connections.js';
import { usersExportRoutes } from './routes/management/users-exports.js';
import { usersImportRoutes } from './routes/management/users-imports.js';
import { exportDownloadRoute } from './routes/exports/download.js';
import { logRoutes } from './routes/management/logs.js';
import { logStreamRoutes } from './routes/management/log-streams.js';
import { outboxRoutes } from './routes/management/outbox.js';
import { pushSettingsRoutes } from './routes/management/push-settings.js';
import { ticketRoutes } from './routes/management/tickets.js';
import { userMfaRoutes } from './routes/management/user-mfa.js';
import { userRoutes } from './routes/management/users.js';
import { usersByEmailRoutes } from './routes/management/users-by-email.js';
import { associateRoute } from './routes/mfa/associate.js';
import { authenticatorRoutes } from './routes/mfa/authenticators.js';
import { challengeRoute } from './routes/mfa/challenge.js';
import { tokenRoute } from './routes/oauth/token.js';
import { wellKnownRoutes } from './routes/oauth/well-known.js';
import { registerNoStore } from './security-headers.js';

/**
 * The route areas: each an encapsulated plugin with its own authentication, error handler
 * and headers. Areas without a prefix of their own (OAuth/MFA, enrollment pages, discovery) share the
 * root's not-found handler, which answers in the OAuth shape: they all live on the Authentication API paths.
 */

/** `/.well-known/*`: public discovery documents; caching is each route's choice (the JWKS may be cached). */
export const discoveryArea: FastifyPluginAsync = async (app) => {
  registerAreaErrors(app, 'oauth', { notFound: false });
  await app.register(wellKnownRoutes);
};

/** `/api/v2/docs`, `/api/v2/openapi.json`: public, read-only, errors in the Management shape of their prefix. */
export const docsArea: FastifyPluginAsync = async (app) => {
  registerAreaErrors(app, 'management', { notFound: false });
  await app.register(openApiDocs);
};

/** `/guardian/enroll*`: HTML pages for people; the ticket in the link is the credential, checked per route. */
export const enrollArea: FastifyPluginAsync = async (app) => {
  registerAreaErrors(app, 'oauth', { notFound: false });
  await app.register(enrollPage);
};

/** `/oauth/token`, `/mfa/*`: form bodies as well as JSON (Tessera's choice: Auth0 documents form bodies, its samples send JSON); credentials checked by each grant or bearer. */
export const oauthArea: FastifyPluginAsync = async (app) => {
  registerAreaErrors(app, 'oauth', { notFound: false });
  registerNoStore(app);
  await app.register(formbody);
  // Fastify parses text/plain by default; here it is not a parameter encoding, so it gets 415.
  app.removeContentTypeParser('text/plain');
  await app.register(tokenRoute);
  await app.register(associateRoute);
  await app.register(challengeRoute);
  await app.register(authenticatorRoutes);
};

/** `/appliance-mfa/*`, the Guardian device API (https://github.com/auth0/Guardian.swift, https://github.com/auth0/Guardian.Android): JSON only, Management-shaped errors; each route names its credential (ticket, device JWT, transaction token). */
export const deviceArea: FastifyPluginAsync = async (app) => {
  registerAreaErrors(app, 'management', { notFound: true });
  registerNoStore(app);
  await app.register(deviceEnrollRoute);
  await app.register(deviceEventsRoute);
  await app.register(resolveRoute);
  await app.register(deviceAccountRoutes);
};

/** `/api/v2/*`, the Management API: JSON only (https://auth0.com/docs/api/management/v2), every route scoped (registerManagementAuth). */
export const managementArea: FastifyPluginAsync = async (app) => {
  registerAreaErrors(app, 'management', { notFound: true });
  registerNoStore(app);
  registerManagementAuth(app);
  // A text/plain body gets 415 like any other non-JSON body.
  app.removeContentTypeParser('text/plain');
  await app.register(userRoutes);
  await app.register(usersByEmailRoutes);
  await app.register(userMfaRoutes);
  await app.register(clientRoutes);
  await app.register(clientCredentialRoutes);
  await app.register(clientGrantRoutes);
  await app.register(resourceServerRoutes);
  await app.register(guardianRoutes);
  await app.register(guardianPhoneRoutes);
  await app.register(guardianSettingsRoutes);
  await app.register(logRoutes);
  await app.register(enrollmentRoutes);
  await app.register(authenticationMethodRoutes);
  await app.register(ticketRoutes);
  await app.register(jobRoutes);
  await app.register(usersImportRoutes);
  await app.register(usersExportRoutes);
  await app.register(connectionRoutes);
  await app.register(pushSettingsRoutes);
  await app.register(logStreamRoutes);
  await app.register(alertRoutes);
  await app.register(outboxRoutes);
  await app.register(emailTemplateRoutes);
};

/**
 * `/api/v2/exports/*`: finished export files behind the pre-signed `location` links of export jobs (as Auth0's
 * links are pre-signed storage URLs): the link's signature is the credential, so no bearer token.
 */
export const exportsArea: FastifyPluginAsync = async (app) => {
  registerAreaErrors(app, 'management', { notFound: true });
  registerNoStore(app);
  await app.register(exportDownloadRoute);
};

/**
 * Fastify names a plugin that carries no display name by scanning every CommonJS module loaded for one
 * exporting it, on each registration of each server built (a test process builds hundreds): giving each
 * of ours its function's name skips that.
 */
const DISPLAY_NAME = Symbol.for('fastify.display-name');
for (const plugin of [
  discoveryArea, docsArea, enrollArea, oauthArea, deviceArea, managementArea,
  wellKnownRoutes, openApiDocs, enrollPage, tokenRoute, associateRoute, challengeRoute, authenticatorRoutes,
  deviceEnrollRoute, deviceEventsRoute, resolveRoute, deviceAccountRoutes,
  userRoutes, usersByEmailRoutes, userMfaRoutes, clientRoutes, clientCredentialRoutes, clientGrantRoutes, resourceServerRoutes, guardianRoutes,
  guardianSettingsRoutes, logRoutes, enrollmentRoutes, authenticationMethodRoutes, ticketRoutes, jobRoutes,
  pushSettingsRoutes, logStreamRoutes, alertRoutes, outboxRoutes, emailTemplateRoutes, usersImportRoutes, usersExportRoutes, connectionRoutes,
  exportsArea, exportDownloadRoute,
]) {
  (plugin as unknown as Record<symbol, unknown>)[DISPLAY_NAME] ??= plugin.name;
}
