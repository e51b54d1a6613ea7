import { ApplicationPreset, ExportFormat, LogStreamFormat, MfaPolicy, PhoneChannel, PhoneProvider, TicketFactor, UserFilter, type AdminChannels } from '../contract';
import { boolean, id, integer, isPlainObject, matching, MAX_NAME, nullable, oneOf, record, string, tuple, uniqueList, type AreaValidators, type Check } from './checks';

// Free text the admin types (a URL, a search, an email to confirm) is checked only for type and size
// here: the service answers a wrong one with a message that says what to fix, which a refused IPC call cannot.

/** Auth0 user ids are `provider|id`; ids of enterprise connections run long, 300 leaves room. */
const MAX_USER_ID = 300;
const MAX_URL = 2048;
const MAX_SECRET = 1024;
/** RFC 5321 §4.5.3.1: 64 + @ + 255, rounded up. */
const MAX_EMAIL = 320;
const MAX_SEARCH = 500;
/** Auth0's `per_page` ceiling (Management API v2 paging). */
const MAX_PER_PAGE = 100;
const MAX_PAGE = 1000;
/** Auth0's `take` ceiling for checkpoint paging of logs. */
const MAX_TAKE = 100;
const MAX_BULK_USERS = 1000;
const MAX_LOG_TYPES = 50;
/** A one-time secret the page was shown: a recovery code, a ticket URL, a client secret. */
const MAX_COPIED_SECRET = 2048;

/** Exactly one of the shapes (each a closed record, so at most one can match). */
const oneOfShapes = (...shapes: Check[]): Check => (value) => shapes.some((shape) => shape(value));
const userId = string(MAX_USER_ID, 1);
const page = integer(0, MAX_PAGE);
const perPage = integer(1, MAX_PER_PAGE);
const logType = matching(/^[a-z0-9_]{1,40}$/, 40);
const factorName = matching(/^[a-z0-9-]{1,40}$/, 40);
/** An ISO 8601 date, or date and time, that Date understands. */
const isoDate: Check = (value) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value));

const remoteConnection = record(
  { baseUrl: string(MAX_URL, 1), clientId: string(MAX_NAME, 1), clientSecret: string(MAX_SECRET, 1) },
  { label: string(MAX_NAME) },
);
const userQuery = record({ search: string(MAX_SEARCH), filter: oneOf(Object.values(UserFilter)), page, perPage });
const ticketRequest = record({ userId, sendMail: boolean }, { factor: oneOf(Object.values(TicketFactor)) });
const pushSettingsPatch = record({}, { numberMatching: boolean, lockOnReject: boolean });
const logFilter = { types: uniqueList(logType, MAX_LOG_TYPES) };
const logFilterOptional = { userId, from: isoDate, to: isoDate };
const logQuery = record({ ...logFilter, page, perPage }, logFilterOptional);
const logExportQuery = record(logFilter, logFilterOptional);
const logTail = record({ from: nullable(string(MAX_NAME, 1)), take: integer(1, MAX_TAKE) });
const outboxRequest = record({ from: nullable(string(MAX_NAME, 1)), take: integer(1, MAX_TAKE) }, { showRecipient: boolean });
const format = oneOf(Object.values(ExportFormat));
const bulkSelection: Check = (value) =>
  isPlainObject(value) && (Object.hasOwn(value, 'userIds') ? record({ userIds: uniqueList(userId, MAX_BULK_USERS, 1) })(value) : record({ query: string(MAX_SEARCH, 1) })(value));
/** Auth0's log-stream limits (Management API "Create a log stream"): the service says what to fix past type and size. */
const MAX_STREAM_NAME = 128;
const MAX_AUTHORIZATION = 4096;
const streamFormat = oneOf(Object.values(LogStreamFormat));
const logStreamInput = record({ name: string(MAX_STREAM_NAME, 1), endpoint: string(MAX_URL, 1), format: streamFormat }, { authorization: string(MAX_AUTHORIZATION) });
const logStreamPatch = record({}, { status: oneOf(['active', 'paused']), endpoint: string(MAX_URL, 1), authorization: string(MAX_AUTHORIZATION), format: streamFormat });
/** The server's own limits for the phone settings (guardian-phone routes, as Auth0's): the service relays what it says past these. */
const MAX_TWILIO_FIELD = 1000;
const MAX_TEMPLATE = 1000;
const twilioField = nullable(string(MAX_TWILIO_FIELD, 1));
const phoneSettingsPatch = oneOfShapes(
  record({ messageTypes: uniqueList(oneOf(Object.values(PhoneChannel)), 2) }),
  record({ provider: oneOf(Object.values(PhoneProvider)) }),
  record({ twilio: record({ sid: twilioField, from: twilioField, messagingServiceSid: twilioField }, { authToken: string(MAX_TWILIO_FIELD, 1) }) }),
  record({ custom: record({ url: string(MAX_URL, 1), secret: string(MAX_SECRET, 1) }) }),
  record({ templates: record({ enrollmentMessage: string(MAX_TEMPLATE, 1), verificationMessage: string(MAX_TEMPLATE, 1) }) }),
);
/** The server's limits for the `mfa_oob_code` template (server/routes/management/email-template-schemas.ts). */
const emailSettingsPatch = record({ template: record({ subject: string(1000), body: string(100_000, 1), from: string(512) }) });
const applicationInput = record({ name: string(MAX_NAME, 1), preset: oneOf(Object.values(ApplicationPreset)) });

export const adminValidators: AreaValidators<AdminChannels> = {
  'admin:connections': tuple(),
  'admin:addRemoteConnection': tuple(remoteConnection),
  'admin:removeConnection': tuple(id),
  'admin:useConnection': tuple(id),
  'admin:listUsers': tuple(userQuery),
  'admin:getUser': tuple(string(MAX_USER_ID, 1)),
  'admin:removeAuthenticator': tuple(userId, string(MAX_USER_ID, 1)),
  'admin:resetMfa': tuple(userId, string(MAX_EMAIL)),
  'admin:regenerateRecoveryCode': tuple(userId),
  'admin:createTicket': tuple(ticketRequest),
  'admin:unlockPush': tuple(userId),
  'admin:forgetBrowsers': tuple(userId),
  'admin:userLogs': tuple(userId, integer(1, MAX_TAKE)),
  'admin:guardianSettings': tuple(),
  'admin:setFactor': tuple(factorName, boolean),
  'admin:setPolicy': tuple(oneOf(Object.values(MfaPolicy))),
  'admin:setPushSettings': tuple(pushSettingsPatch),
  'admin:phoneSettings': tuple(),
  'admin:setPhoneSettings': tuple(phoneSettingsPatch),
  'admin:sendPhoneTest': tuple(record({ channel: oneOf(Object.values(PhoneChannel)), phoneNumber: string(32, 1) })),
  'admin:emailSettings': tuple(),
  'admin:setEmailSettings': tuple(emailSettingsPatch),
  'admin:sendEmailTest': tuple(record({ email: string(MAX_EMAIL, 1) })),
  'admin:logs': tuple(logQuery),
  'admin:tailLogs': tuple(logTail),
  'admin:exportLogs': tuple(logExportQuery, format),
  'admin:previewBulkReset': tuple(bulkSelection),
  'admin:startBulkReset': tuple(bulkSelection),
  'admin:bulkResetProgress': tuple(id),
  'admin:applications': tuple(),
  'admin:createApplication': tuple(applicationInput),
  'admin:rotateApplicationSecret': tuple(id),
  'admin:deleteApplication': tuple(id),
  'admin:logStreams': tuple(),
  'admin:createLogStream': tuple(logStreamInput),
  'admin:updateLogStream': tuple(id, logStreamPatch),
  'admin:deleteLogStream': tuple(id),
  'admin:testLogStream': tuple(id),
  'admin:recentAlerts': tuple(),
  'admin:outbox': tuple(outboxRequest),
  'admin:copySecret': tuple(string(MAX_COPIED_SECRET, 1)),
  'admin:saveExport': tuple(logExportQuery, format),
};
