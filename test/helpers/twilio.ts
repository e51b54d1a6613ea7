import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterAll, beforeAll } from 'vitest';

/**
 * A loopback HTTP server speaking the part of Twilio's REST API (2010-04-01) that Tessera calls: create a
 * Message (`Messages.json`) and create a Call (`Calls.json`), form-encoded, HTTP Basic with the account
 * SID and auth token, answers and errors shaped as Twilio's (`{code, message, more_info, status}`).
 * It is the one stand-in the delivery tests allow: Twilio itself is not reachable from CI.
 */

export type TwilioResource = 'Messages' | 'Calls';

/** One request as the fake saw it, accepted or not. */
export interface TwilioRequest {
  resource: TwilioResource | null;
  path: string;
  /** The form parameters, decoded. */
  params: Record<string, string>;
  /** The HTTP status answered; 0 while stalled. */
  status: number;
  /** The answer's JSON body (null while stalled). */
  answer: Record<string, unknown> | null;
}

/** How the fake answers from now on: a Twilio 5xx, a 21211 invalid-number refusal, or no answer at all. */
export type TwilioFailure = { status: 500 | 502 | 503 } | 'invalid-number' | 'stall';

export interface TwilioFake {
  /** The base URL to pass as `apiUrl` (what `TESSERA_TWILIO_API_URL` would hold). */
  apiUrl: string;
  accountSid: string;
  authToken: string;
  requests: TwilioRequest[];
  /** The SMS Twilio accepted (201), in order. */
  messages(): TwilioRequest[];
  /** The calls Twilio accepted (201), in order. */
  calls(): TwilioRequest[];
  /**
   * The one-time code the last accepted SMS or call to `to` carried, read as a user would: the 6-digit run
   * in the SMS body, or the digits the call says one by one. Undefined when nothing reached `to`.
   */
  lastCode(to: string, digits?: number): string | undefined;
  /** Fail the next `times` requests (every request when left out) this way; `null` answers normally again. */
  fail(failure: TwilioFailure | null, times?: number): void;
  close(): Promise<void>;
}

const MORE_INFO = (code: number) => `https://www.twilio.com/docs/errors/${code}`;
const twilioError = (status: number, code: number, message: string) => ({ code, message, more_info: MORE_INFO(code), status });
const E164 = /^\+[1-9][0-9]{7,14}$/;
/** Twilio's date format: RFC 2822 in GMT, `+0000`. */
const rfc2822 = (date: Date) => date.toUTCString().replace('GMT', '+0000');
const newSid = (prefix: 'SM' | 'CA') => `${prefix}${randomBytes(16).toString('hex')}`;

export async function startTwilioFake(credentials: { accountSid?: string; authToken?: string } = {}): Promise<TwilioFake> {
  const accountSid = credentials.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
  const authToken = credentials.authToken ?? randomBytes(16).toString('hex');
  const requests: TwilioRequest[] = [];
  let failure: TwilioFailure | null = null;
  let failuresLeft = Infinity;

  function nextFailure(): TwilioFailure | null {
    if (failure === null) return null;
    const current = failure;
    failuresLeft -= 1;
    if (failuresLeft <= 0) failure = null;
    return current;
  }

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const resource = resourceOf(path);
      const params = isForm(req) ? Object.fromEntries(new URLSearchParams(raw)) : {};
      const record: TwilioRequest = { resource, path, params, status: 0, answer: null };
      requests.push(record);
      const reply = (status: number, answer: Record<string, unknown>) => {
        Object.assign(record, { status, answer });
        send(res, status, answer);
      };
      if (req.method !== 'POST' || resource === null) return reply(404, twilioError(404, 20404, `The requested resource ${path} was not found`));
      if (!authorized(req, accountSid, authToken)) {
        res.setHeader('www-authenticate', 'Basic realm="Twilio API"');
        return reply(401, { ...twilioError(401, 20003, 'Authenticate'), detail: 'Your AccountSid or AuthToken was incorrect.' });
      }
      const failing = nextFailure();
      if (failing === 'stall') return;
      if (failing === 'invalid-number') return reply(400, twilioError(400, 21211, `The 'To' number ${params.To ?? ''} is not a valid phone number.`));
      if (failing !== null) return reply(failing.status, twilioError(failing.status, 20000 + failing.status, 'Service unavailable'));
      const refusal = resource === 'Messages' ? messageRefusal(params) : callRefusal(params);
      if (refusal !== null) return reply(400, refusal);
      return reply(201, resource === 'Messages' ? messageResource(accountSid, params) : callResource(accountSid, params));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('startTwilioFake: no TCP address');
  const accepted = (resource: TwilioResource) => requests.filter((r) => r.resource === resource && r.status === 201);
  return {
    apiUrl: `http://127.0.0.1:${address.port}`,
    accountSid,
    authToken,
    requests,
    messages: () => accepted('Messages'),
    calls: () => accepted('Calls'),
    lastCode(to, digits = 6) {
      const last = requests.filter((r) => r.status === 201 && r.params.To === to).at(-1);
      return last === undefined ? undefined : codeIn(last, digits);
    },
    fail(next, times = Infinity) {
      failure = next;
      failuresLeft = times;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function codeIn(request: TwilioRequest, digits: number): string | undefined {
  if (request.resource === 'Messages') return new RegExp(`(?<!\\d)\\d{${digits}}(?!\\d)`).exec(request.params.Body ?? '')?.[0];
  const spoken = new RegExp(`(?:<Say[^>]*>\\d</Say><Pause length="1"/>){${digits}}`).exec(request.params.Twiml ?? '')?.[0];
  return spoken?.replace(/<[^>]*>/g, '');
}

/** Which resource a path names; whose account it names is the credential check's business (authorized). */
function resourceOf(path: string): TwilioResource | null {
  const match = /^\/2010-04-01\/Accounts\/[^/]+\/(Messages|Calls)\.json$/.exec(path);
  return match === null ? null : (match[1] as TwilioResource);
}

const isForm = (req: IncomingMessage) => (req.headers['content-type'] ?? '').split(';')[0]?.trim() === 'application/x-www-form-urlencoded';

/** HTTP Basic (RFC 7617) with the account SID as user and the auth token as password, for this account's path. */
function authorized(req: IncomingMessage, accountSid: string, authToken: string): boolean {
  const header = req.headers.authorization ?? '';
  const expected = Buffer.from(`Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`);
  const given = Buffer.from(header);
  const pathAccount = /^\/2010-04-01\/Accounts\/([^/]+)\//.exec(req.url ?? '')?.[1];
  // Credentials for one account do not open another account's path.
  return given.length === expected.length && timingSafeEqual(given, expected) && decodeURIComponent(pathAccount ?? '') === accountSid;
}

function messageRefusal(params: Record<string, string>): Record<string, unknown> | null {
  if (!params.To) return twilioError(400, 21604, "A 'To' phone number is required.");
  if (!params.From && !params.MessagingServiceSid) return twilioError(400, 21603, "A 'From' phone number is required.");
  if (!params.Body) return twilioError(400, 21602, 'Message body is required.');
  if (!E164.test(params.To)) return twilioError(400, 21211, `The 'To' number ${params.To} is not a valid phone number.`);
  if ([...params.Body].length > 1600) return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
  return null;
}

function callRefusal(params: Record<string, string>): Record<string, unknown> | null {
  if (!params.To) return twilioError(400, 21201, "No 'To' number is specified");
  if (!params.From) return twilioError(400, 21213, "No 'From' number is specified");
  if (!params.Twiml && !params.Url) return twilioError(400, 21205, 'Url parameter is required.');
  if (!E164.test(params.To)) return twilioError(400, 21211, `The 'To' number ${params.To} is not a valid phone number.`);
  return null;
}

function messageResource(accountSid: string, params: Record<string, string>): Record<string, unknown> {
  const sid = newSid('SM');
  const now = rfc2822(new Date());
  const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`;
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    body: params.Body,
    date_created: now,
    date_sent: null,
    date_updated: now,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: params.From ?? null,
    messaging_service_sid: params.MessagingServiceSid ?? null,
    num_media: '0',
    // A Messaging Service assigns the sender later, so Twilio reports 0 segments and `accepted` at first.
    num_segments: params.MessagingServiceSid ? '0' : '1',
    price: null,
    price_unit: 'USD',
    sid,
    status: params.MessagingServiceSid ? 'accepted' : 'queued',
    subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
    to: params.To,
    uri,
  };
}

function callResource(accountSid: string, params: Record<string, string>): Record<string, unknown> {
  const sid = newSid('CA');
  const now = rfc2822(new Date());
  return {
    account_sid: accountSid,
    annotation: null,
    answered_by: null,
    api_version: '2010-04-01',
    caller_name: null,
    date_created: now,
    date_updated: now,
    direction: 'outbound-api',
    duration: null,
    end_time: null,
    forwarded_from: null,
    from: params.From,
    from_formatted: params.From,
    parent_call_sid: null,
    phone_number_sid: null,
    price: null,
    price_unit: 'USD',
    sid,
    start_time: null,
    status: 'queued',
    to: params.To,
    to_formatted: params.To,
    uri: `/2010-04-01/Accounts/${accountSid}/Calls/${sid}.json`,
  };
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/**
 * One fake for the whole test file, which the server reaches through `TESSERA_TWILIO_API_URL` (read when a
 * send is made). The object is filled in when the file's tests start and can be held from the top level.
 */
export function twilioFakeForFile(): TwilioFake {
  const twilio = {} as TwilioFake;
  beforeAll(async () => {
    Object.assign(twilio, await startTwilioFake());
    process.env.TESSERA_TWILIO_API_URL = twilio.apiUrl;
  });
  afterAll(async () => {
    delete process.env.TESSERA_TWILIO_API_URL;
    await twilio.close();
  });
  return twilio;
}
