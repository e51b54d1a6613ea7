import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ManagementError, ManagementErrors, OAuthError, OAuthErrors } from './errors.js';
import { API_CACHE_HEADERS, BASE_SECURITY_HEADERS } from './security-headers.js';
import { describeParameterError, describeValidationError } from './validation.js';

/** Which of the two wire shapes an area answers in. */
export type ErrorShape = 'oauth' | 'management';

/**
 * The shape for an answer written where no route context exists: Fastify's frameworkErrors and Node's
 * clientError fire before routing, so no area's handler is in play and only the path can tell. Routed
 * requests never come here: each area registers its own handlers (registerAreaErrors).
 */
export function shapeForPath(url: string): ErrorShape {
  const path = url.split('?')[0] ?? '';
  const under = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
  return under('/api/v2') || under('/appliance-mfa') ? 'management' : 'oauth';
}

/**
 * Every catalogue error goes out through here: its status, its headers, its body. The security headers
 * are set here too, because frameworkErrors answers before any hook runs.
 */
export function sendError(reply: FastifyReply, error: OAuthError | ManagementError): FastifyReply {
  const headers = { ...API_CACHE_HEADERS, ...BASE_SECURITY_HEADERS };
  if (error instanceof OAuthError) return reply.code(error.status).headers({ ...headers, ...error.headers }).send(error.toBody());
  return reply.code(error.statusCode).headers(headers).send(error.toBody());
}

function emptyBody(management: boolean): OAuthError | ManagementError {
  return management ? ManagementErrors.invalidBody('Payload validation error: body is empty.') : OAuthErrors.invalidRequest('The request body is empty.');
}

/** Fastify's own request errors (parsing, limits, schema) in the caller's API dialect. */
function translate(error: FastifyError, management: boolean, bodyMissing: boolean): OAuthError | ManagementError | undefined {
  // An empty JSON body parses as no body (app.ts); a route that needs one says so as for any empty body.
  if (error.validation && error.validationContext === 'body' && bodyMissing) return emptyBody(management);
  if (error.validation) {
    const first = error.validation[0] as Parameters<typeof describeValidationError>[0];
    if (!management) return OAuthErrors.invalidRequest(describeParameterError(first));
    if (error.validationContext === 'querystring') return ManagementErrors.invalidQuery(`Query validation error: ${describeValidationError(first)}.`);
    if (error.validationContext === 'params') return ManagementErrors.invalidUri(`Path validation error: ${describeValidationError(first)}.`);
    return ManagementErrors.invalidBody(`Payload validation error: ${describeValidationError(first)}.`);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return management ? ManagementErrors.bodyTooLarge() : OAuthErrors.bodyTooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return management ? ManagementErrors.unsupportedMediaType() : OAuthErrors.unsupportedMediaType();
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return emptyBody(management);
  }
  if (error.statusCode === 400) {
    return management ? ManagementErrors.invalidBody('Payload validation error: invalid JSON.') : OAuthErrors.invalidRequest('The request body is not valid JSON.');
  }
  return undefined;
}

/**
 * Fastify's errors raised before routing (a malformed or over-long URL). Without this hook they
 * bypass the error handler and answer with Fastify's own body (`code: FST_ERR_…`, the path echoed).
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const reason = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path parameter is too long' : 'The URL is not valid';
  const known = shapeForPath(request.url) === 'management'
    ? ManagementErrors.invalidUri(`Path validation error: '${reason}'.`)
    : OAuthErrors.invalidRequest(`${reason}.`);
  void sendError(reply, known);
}

/**
 * One serializer for an area's errors: catalogue errors as they are, framework errors translated into
 * the area's shape, anything else a 5xx with no detail on the wire (the cause goes to the log).
 * With `notFound`, unknown paths under the area's prefix answer 404 in its shape too.
 */
export function registerAreaErrors(app: FastifyInstance, shape: ErrorShape, options: { notFound: boolean }): void {
  const management = shape === 'management';
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const known = error instanceof OAuthError || error instanceof ManagementError ? error : translate(error, management, request.body === undefined);
    if (known) return sendError(reply, known);
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, management ? ManagementErrors.serverError() : OAuthErrors.serverError());
  });
  if (options.notFound) {
    app.setNotFoundHandler((_request, reply) => sendError(reply, management ? ManagementErrors.notFoundRoute() : OAuthErrors.notFoundRoute()));
  }
}
