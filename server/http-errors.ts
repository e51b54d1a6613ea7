import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ManagementError, ManagementErrors, OAuthError, OAuthErrors } from './errors.js';
import { describeParameterError, describeValidationError } from './validation.js';

/** The Management API and the Guardian device API share the `{ statusCode, error, message, errorCode }` shape. */
const isManagement = (url: string) => url.startsWith('/api/v2/') || url === '/api/v2' || url.startsWith('/appliance-mfa/');

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
  if (isManagement(request.url)) {
    void reply.code(400).send(ManagementErrors.invalidUri(`Path validation error: '${reason}'.`).toBody());
    return;
  }
  const known = OAuthErrors.invalidRequest(`${reason}.`);
  void reply.code(known.status).headers({ 'cache-control': 'no-store' }).send(known.toBody());
}

/**
 * One serializer for every error: catalogue errors as they are, framework errors translated,
 * anything else a 5xx with no detail on the wire (the cause goes to the log).
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const management = isManagement(request.url);
    const known = error instanceof OAuthError || error instanceof ManagementError ? error : translate(error, management, request.body === undefined);
    if (known instanceof OAuthError) {
      return reply.code(known.status).headers({ 'cache-control': 'no-store', ...known.headers }).send(known.toBody());
    }
    if (known instanceof ManagementError) return reply.code(known.statusCode).send(known.toBody());
    request.log.error({ err: error }, 'unhandled error');
    const hidden = management ? ManagementErrors.serverError() : OAuthErrors.serverError();
    return reply.code(500).send(hidden.toBody());
  });

  app.setNotFoundHandler((request, reply) => {
    const error = isManagement(request.url) ? ManagementErrors.notFoundRoute() : OAuthErrors.notFoundRoute();
    return error instanceof ManagementError ? reply.code(404).send(error.toBody()) : reply.code(404).send(error.toBody());
  });
}
