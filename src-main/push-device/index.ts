// The push device client: plain Node (global fetch, node:crypto via jose), so it runs in the CLI and in
// Electron's main process alike. It never imports electron.
export { guardianBaseUrl } from './base-url';
export { CHALLENGE_RESPONSE_TTL_S, DenyReason, signChallengeResponse, type ChallengeResponseClaims } from './challenge-response';
export { forgetAccount, rename, unenroll, updateDeviceAccount, type DeviceAccountPatch, type UnenrollResult } from './device-account-api';
export { createDeviceTokens, DEVICE_JWT_TTL_S, signDeviceJwt, type DeviceTokens } from './device-jwt';
export { generateDeviceKey, loadDeviceKey, type DevicePublicJwk } from './device-key';
export { enrollDevice, enrollDeviceWithTicket, PUSH_SERVICE, type EnrollOptions, type EnrollRequestBody, type TicketEnrollment, type TicketEnrollOptions } from './enroll';
export { ticketInBarcode, ticketInPageUrl, type TicketAddress } from './enrollment-ticket';
export { parseEnrollmentUri, type EnrollmentUri } from './enrollment-uri';
export { EnrollmentUriError, GuardianApiError, PushDeviceError } from './errors';
export { createFileAccountStore } from './file-account-store';
export { createFileKeyStore } from './file-key-store';
export { createPushDevice, type ListenOptions, type PushDevice, type PushDeviceDeps } from './push-device';
export { MATCHING_NUMBER, parsePushEvent, parseResolvedEvent, type PushNotification, type PushRequest, type PushResolution, type TesseraPushContext } from './push-request';
export { approve, deny, type ResolveOptions } from './resolve';
export { createSseParser, type SseEvent, type SseParser } from './sse-parser';
export { openStream, type StreamClosed, type StreamOptions, type StreamState } from './stream';
export { systemClock, type AccountStore, type Clock, type DeviceAccount, type FetchLike, type KeyStore, type TotpParameters } from './types';
