/**
 * The one error catalogue. Two wire shapes:
 * - OAuth / MFA API: `{ error, error_description }` (+ `mfa_token`, `mfa_requirements` on mfa_required);
 * - Management API: `{ statusCode, error, message, errorCode }`.
 * Strings follow the Auth0 docs and the SDKs that match on them (Auth0.Android `AuthenticationException.kt`, Auth0.swift
 * `AuthenticationError.swift`), so keep them exact.
 */

export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
    this.name = 'OAuthError';
  }

  toBody(): Record<string, unknown> {
    return { error: this.error, error_description: this.description, ...this.extra };
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? 'Error';
}

export class ManagementError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'ManagementError';
  }

  toBody(): Record<string, unknown> {
    return { statusCode: this.statusCode, error: statusText(this.statusCode), message: this.message, errorCode: this.errorCode };
  }
}

const oauth = (status: number, error: string, description: string) => new OAuthError(status, error, description);

/** OAuth and MFA API errors (statuses are Tessera's choice where Auth0 documents none). */
export const OAuthErrors = {
  invalidRequest: (description: string) => oauth(400, 'invalid_request', description),
  missingParameter: (name: string) => oauth(400, 'invalid_request', `Missing required parameter: ${name}`),
  unsupportedGrantType: (grantType: string) => oauth(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`),
  unauthorizedClient: (grantType: string) =>
    oauth(403, 'unauthorized_client', `Grant type '${grantType}' not allowed for the client.`),
  /** RFC 6749 §5.2: a client that tried Basic gets a WWW-Authenticate challenge with its 401. */
  invalidClient: (basic = false) =>
    new OAuthError(401, 'invalid_client', 'Client authentication failed.', {}, basic ? { 'www-authenticate': 'Basic realm="tessera"' } : {}),
  accessDenied: (description: string) => oauth(403, 'access_denied', description),
  /** An `audience` that names no registered API (Auth0 answers the same for any grant). */
  serviceNotFound: (audience: string) => oauth(403, 'access_denied', `Service not found: ${audience}`),
  wrongCredentials: () => oauth(403, 'invalid_grant', 'Wrong email or password.'),
  userBlocked: () => oauth(401, 'unauthorized', 'user is blocked'),
  tooManyLogins: () =>
    oauth(429, 'too_many_attempts', 'Your account has been blocked after multiple consecutive login attempts.'),
  invalidRefreshToken: () => oauth(403, 'invalid_grant', 'Unknown or invalid refresh token.'),
  refreshScopeExceeded: () => oauth(400, 'invalid_scope', 'The requested scope exceeds the scope granted to the refresh token.'),
  mfaRequired: (mfaToken: string, requirements: Record<string, unknown>) =>
    new OAuthError(403, 'mfa_required', 'Multifactor authentication required', {
      mfa_token: mfaToken,
      mfa_requirements: requirements,
    }),
  malformedMfaToken: () => oauth(403, 'invalid_grant', 'Malformed mfa_token'),
  expiredMfaToken: () => oauth(403, 'expired_token', 'mfa_token is expired'),
  mfaTokenOtherClient: () => oauth(400, 'invalid_request', 'mfa_token not issued to this client'),
  invalidOtp: () => oauth(403, 'invalid_grant', 'Invalid otp_code.'),
  /** Auth0.swift's "mfa invalid recovery code" spec uses this string (https://github.com/auth0/Auth0.swift `Auth0Tests/AuthenticationErrorSpec.swift`). */
  invalidRecoveryCode: () => oauth(403, 'invalid_grant', 'MFA Authorization rejected.'),
  /** A push login the user rejected (https://auth0.com/docs/api/authentication/multi-factor-authentication/verify-with-out-of-band). */
  pushRejected: () => oauth(403, 'invalid_grant', 'MFA Authorization rejected.'),
  /** Polling answers of the mfa-oob grant (https://auth0.com/docs/api/authentication/multi-factor-authentication/verify-with-out-of-band). */
  authorizationPending: () => oauth(400, 'authorization_pending', 'Authorization pending: please repeat the request in a few seconds.'),
  slowDown: () => oauth(400, 'slow_down', 'You are polling faster than allowed. Wait a few seconds before polling again.'),
  invalidOobCode: () => oauth(403, 'invalid_grant', 'Invalid oob_code.'),
  expiredOobCode: () => oauth(403, 'expired_token', 'oob_code is expired'),
  tooManyPushes: () => oauth(429, 'too_many_requests', 'Too many push notifications. Wait a minute before retrying.'),
  pushLocked: () => oauth(403, 'access_denied', 'Push notifications are locked for this user after a rejected login. Contact your administrator.'),
  tooManyCodes: () => oauth(429, 'too_many_attempts', 'Too many failed codes. Wait for some minutes before retrying.'),
  notEnrolledWith: (factor: string) => oauth(403, 'invalid_grant', `User is not enrolled with ${factor}.`),
  associationRequired: () =>
    oauth(
      400,
      'association_required',
      'User is not enrolled. You can use /mfa/associate endpoint to enroll the first authenticator.',
    ),
  unsupportedChallengeType: () =>
    oauth(400, 'unsupported_challenge_type', 'User is not enrolled with any of the requested challenge types.'),
  alreadyEnrolled: () => oauth(403, 'access_denied', 'User is already enrolled.'),
  factorDisabled: (factor: string) => oauth(403, 'access_denied', `The ${factor} factor is not enabled.`),
  authenticatorNotFound: () => oauth(404, 'not_found', 'Authenticator not found.'),
  missingToken: () =>
    new OAuthError(401, 'invalid_token', 'Authorization header with a Bearer token is required.', {}, {
      'www-authenticate': 'Bearer',
    }),
  invalidToken: (description = 'The access token is invalid or expired.') =>
    new OAuthError(401, 'invalid_token', description, {}, { 'www-authenticate': 'Bearer error="invalid_token"' }),
  insufficientScope: (scopes: readonly string[]) =>
    oauth(403, 'insufficient_scope', `Insufficient scope; expected any of: ${scopes.join(',')}.`),
  cannotDeleteRecoveryCode: () =>
    oauth(403, 'access_denied', 'Recovery codes can only be deleted by an administrator using the Management API.'),
  bodyTooLarge: () => oauth(413, 'invalid_request', 'Request body is too large.'),
  unsupportedMediaType: () => oauth(415, 'invalid_request', 'Unsupported Content-Type.'),
  serverError: () => oauth(500, 'server_error', 'The server encountered an unexpected error.'),
  notFoundRoute: () => oauth(404, 'not_found', 'Not Found'),
  /** Raised by Node's HTTP parser before routing (client-errors.ts). */
  requestTimeout: () => oauth(408, 'invalid_request', 'The request was not received in time.'),
  headersTooLarge: () => oauth(431, 'invalid_request', 'Request header fields are too large.'),
  malformedRequest: () => oauth(400, 'invalid_request', 'The request is not valid HTTP.'),
} as const;

const mgmt = (status: number, code: string, message: string) => new ManagementError(status, code, message);

/** Management API v2 errors (https://auth0.com/docs/api/management/v2). */
export const ManagementErrors = {
  invalidBody: (message: string) => mgmt(400, 'invalid_body', message),
  invalidQuery: (message: string) => mgmt(400, 'invalid_query_string', message),
  invalidUri: (message: string) => mgmt(400, 'invalid_uri', message),
  missingAuthentication: () => mgmt(401, 'invalid_token', 'Missing authentication'),
  invalidToken: (message = 'Invalid token') => mgmt(401, 'invalid_token', message),
  expiredToken: () => mgmt(401, 'invalid_token', 'Expired token received for JSON Web Token validation'),
  insufficientScope: (scopes: readonly string[]) =>
    mgmt(403, 'insufficient_scope', `Insufficient scope; expected any of: ${scopes.join(',')}.`),
  userNotFound: () => mgmt(404, 'inexistent_user', 'The user does not exist.'),
  clientNotFound: () => mgmt(404, 'inexistent_client', 'The client does not exist.'),
  clientGrantNotFound: () => mgmt(404, 'inexistent_client_grant', 'The client grant does not exist.'),
  clientCredentialNotFound: () => mgmt(404, 'inexistent_client_credential', 'The client credential does not exist.'),
  logNotFound: () => mgmt(404, 'inexistent_log', 'Log event not found.'),
  logStreamNotFound: () => mgmt(404, 'inexistent_log_stream', 'The log stream does not exist.'),
  ticketNotFound: () => mgmt(404, 'inexistent_ticket', 'Ticket not found.'),
  jobNotFound: () => mgmt(404, 'inexistent_job', 'Job not found.'),
  methodNotFound: () => mgmt(404, 'inexistent_authentication_method', 'The authentication method could not be found.'),
  methodExists: () => mgmt(409, 'authentication_method_conflict', 'Authentication method already exists.'),
  enrollmentNotFound: () => mgmt(404, 'inexistent_enrollment', 'Enrollment not found.'),
  factorNotFound: (name: string) => mgmt(404, 'inexistent_factor', `Factor "${name}" does not exist.`),
  factorUnsupported: (name: string) =>
    mgmt(400, 'feature_not_supported', `The ${name} factor is not available on this server.`),
  connectionNotFound: () => mgmt(400, 'inexistent_connection', 'The connection does not exist.'),
  /** `GET /connections/{id}` for an id that names no connection (Auth0: 404). */
  connectionIdNotFound: () => mgmt(404, 'inexistent_connection', 'The connection does not exist.'),
  /** An import file over the size limit, in Auth0's words (its API answers 413 with the limit in bytes). */
  importFileTooLarge: (limit: number) => mgmt(413, 'payload_too_large', `Payload content length greater than maximum allowed: ${limit}`),
  userExists: () => mgmt(409, 'auth0_idp_error', 'The user already exists.'),
  clientGrantExists: () => mgmt(409, 'client_grant_conflict', 'A resource with the same identifier already exists.'),
  resourceServerNotFound: () => mgmt(404, 'inexistent_resource_server', 'Resource server not found.'),
  resourceServerExists: () => mgmt(409, 'resource_server_conflict', 'A resource server with the same identifier already exists.'),
  systemResourceServer: () => mgmt(400, 'operation_not_supported', 'System resource servers cannot be changed or deleted.'),
  weakPassword: () => mgmt(400, 'invalid_body', 'PasswordStrengthError: Password is too weak'),
  bootstrapClient: () => mgmt(400, 'operation_not_supported', 'The bootstrap administration client cannot be deleted.'),
  bodyTooLarge: () => mgmt(413, 'payload_too_large', 'Request body is too large.'),
  unsupportedMediaType: () => mgmt(415, 'unsupported_media_type', 'Content-Type must be application/json.'),
  notFoundRoute: () => mgmt(404, 'not_found', 'Not Found'),
  serverError: () => mgmt(500, 'internal_error', 'Internal Server Error'),
  /** Raised by Node's HTTP parser before routing (client-errors.ts). */
  requestTimeout: () => mgmt(408, 'request_timeout', 'The request was not received in time.'),
  headersTooLarge: () => mgmt(431, 'request_header_fields_too_large', 'Request header fields are too large.'),
  malformedRequest: () => mgmt(400, 'invalid_request', 'The request is not valid HTTP.'),
  emailNotConfigured: () =>
    mgmt(400, 'email_provider_not_configured', 'No email provider is configured: set TESSERA_SMTP_URL to send enrollment invitations.'),
  emailDeliveryFailed: () => mgmt(502, 'email_delivery_failed', 'The enrollment invitation could not be sent.'),
} as const;

/** The Guardian device API (`{issuer}appliance-mfa/api/`) answers in the Management shape (https://github.com/auth0/auth0-guardian.js README "Error codes"). */
export const GuardianErrors = {
  invalidToken: () => mgmt(401, 'invalid_token', 'Invalid token'),
  invalidBearer: () => mgmt(401, 'invalid_bearer_format', 'Authorization header must be "Bearer <token>".'),
  deviceNotFound: () => mgmt(404, 'device_account_not_found', 'Device account not found.'),
  enrollmentTxNotFound: () => mgmt(404, 'enrollment_transaction_not_found', 'The mfa enrollment transaction is not active or has expired'),
  transactionTokenInvalid: () => mgmt(404, 'invalid_token', 'Invalid transaction token'),
  transactionNotFound: () => mgmt(404, 'login_transaction_not_found', 'The mfa auth transaction is not active or has already expired'),
  invalidChallenge: () => mgmt(401, 'invalid_challenge', 'Invalid challenge_response'),
  numberMismatch: () => mgmt(403, 'number_mismatch', 'The number picked does not match the one on the sign-in screen; the login was rejected.'),
  invalidPublicKey: () => mgmt(400, 'invalid_body', 'public_key must be an RSA public JWK of at least 2048 bits.'),
  /** An enrollment ticket spent by a device (https://auth0.com/docs/secure/multi-factor-authentication/multi-factor-authentication-developer-resources/create-custom-enrollment-tickets) whose user may not enroll more. */
  alreadyEnrolled: () => mgmt(409, 'already_enrolled', 'The user is already enrolled.'),
  /** The ticket names another factor: its enrollment page can still use it. */
  ticketForOtherFactor: (factor: string) =>
    mgmt(403, 'ticket_factor_mismatch', `This enrollment ticket is for the ${factor} factor, not push-notification.`),
  pushEnrollmentDisabled: () => mgmt(403, 'enrollment_method_disabled', 'The push-notification factor is not enabled.'),
} as const;
