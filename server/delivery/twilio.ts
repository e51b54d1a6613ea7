import { checkPhoneNumber, INVALID_PHONE_NUMBER } from '../services/phone-number.js';
import { networkFailure } from './http-failure.js';
import { characterCount, MAX_SMS_BODY_CHARS, renderText, templateProblem, type TemplateContext } from './templates.js';
import { twilioFailure } from './twilio-errors.js';
import { voiceTwiml } from './twiml.js';
import { DeliveryError, type CodeDelivery, type DeliveryRequest, type DeliveryResult } from './types.js';

/** Twilio's REST API; `TESSERA_TWILIO_API_URL` (read by the caller) points elsewhere (tests, gateways). */
export const TWILIO_API_URL = 'https://api.twilio.com';
/** A Twilio request that takes longer than this counts as failed (and retryable). */
export const TWILIO_TIMEOUT_MS = 10_000;
/** Twilio refuses a `Twiml` parameter longer than this (Calls resource, "Twiml" parameter). */
export const MAX_TWIML_CHARS = 4000;

/** The base URL from `TESSERA_TWILIO_API_URL`, or Twilio's own; a value that is not an http(s) URL stops startup. */
export function twilioApiUrl(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.TESSERA_TWILIO_API_URL;
  if (raw === undefined || raw === '') return TWILIO_API_URL;
  const protocol = URL.canParse(raw) ? new URL(raw).protocol : '';
  if (protocol !== 'http:' && protocol !== 'https:') throw new Error(`TESSERA_TWILIO_API_URL must be an absolute http(s) URL: ${raw}`);
  return raw.replace(/\/+$/, '');
}

export interface TwilioOptions {
  apiUrl: string;
  accountSid: string;
  authToken: string;
  /** The sender: a Twilio number (needed for voice) or, for SMS only, a Messaging Service. */
  from?: string;
  messagingServiceSid?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const refuse = (message: string) => new DeliveryError('twilio', message, { retryable: false });

/** SMS through `Messages.json`, voice through `Calls.json` with inline TwiML; HTTP Basic with SID and token. */
export function createTwilioDelivery(options: TwilioOptions): CodeDelivery {
  const timeoutMs = options.timeoutMs ?? TWILIO_TIMEOUT_MS;
  const fetcher = options.fetch ?? fetch;
  const base = `${options.apiUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}`;
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;

  async function post(resource: 'Messages.json' | 'Calls.json', form: URLSearchParams): Promise<DeliveryResult> {
    let response: Response;
    let body: string;
    try {
      response = await fetcher(`${base}/${resource}`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        // The credentials are for Twilio's host alone: a redirect is a failure, never followed.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      body = await response.text();
    } catch (error) {
      throw networkFailure('twilio', 'Twilio', error, timeoutMs);
    }
    if (response.status < 200 || response.status >= 300) throw twilioFailure(response.status, body);
    const sid = readSid(body);
    if (sid === undefined) throw refuse(`Twilio answered HTTP ${response.status} without a sid.`);
    return { provider: 'twilio', messageId: sid };
  }

  return {
    async send(request) {
      const problem = templateProblem(request.template);
      if (problem !== null) throw refuse(`The message template cannot be used: ${problem}`);
      // Callers validate the number first; this keeps a bad one from costing a request (and a Twilio error).
      if (request.channel !== 'email' && !checkPhoneNumber(request.to).valid) throw refuse(`${INVALID_PHONE_NUMBER.message}.`);
      const context = contextOf(request);
      if (request.channel === 'sms') return post('Messages.json', smsForm(request.to, renderSms(request.template, context), options));
      if (request.channel === 'voice') return post('Calls.json', callForm(request.to, voiceTwiml(request.template, context), options));
      throw refuse('Twilio delivers sms and voice codes only.');
    },
  };
}

function contextOf(request: DeliveryRequest): TemplateContext {
  return { code: request.code, channel: request.channel, locale: request.locale, tenantName: request.tenantName };
}

function renderSms(template: string, context: TemplateContext): string {
  const body = renderText(template, context);
  if (characterCount(body) > MAX_SMS_BODY_CHARS) throw refuse(`The SMS template renders longer than ${MAX_SMS_BODY_CHARS} characters.`);
  return body;
}

function smsForm(to: string, body: string, options: TwilioOptions): URLSearchParams {
  // Twilio picks the sender from the Messaging Service's pool when one is named, so it wins over From.
  if (options.messagingServiceSid) return new URLSearchParams({ To: to, MessagingServiceSid: options.messagingServiceSid, Body: body });
  if (options.from) return new URLSearchParams({ To: to, From: options.from, Body: body });
  throw refuse('Twilio needs a From number or a Messaging Service SID.');
}

function callForm(to: string, twiml: string, options: TwilioOptions): URLSearchParams {
  // A Messaging Service sends SMS only; a call needs a number to call from.
  if (!options.from) throw refuse('Twilio needs a From number to place voice calls.');
  if (twiml.length > MAX_TWIML_CHARS) throw refuse(`The voice template renders longer than Twilio's ${MAX_TWIML_CHARS}-character TwiML limit.`);
  return new URLSearchParams({ To: to, From: options.from, Twiml: twiml });
}

function readSid(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { sid?: unknown } | null;
    // Twilio's are 34 characters (`SM` or `CA` and 32 hex); a compatible gateway's may differ, within reason.
    return typeof parsed?.sid === 'string' && /^[\x21-\x7e]{1,128}$/.test(parsed.sid) ? parsed.sid : undefined;
  } catch {
    return undefined;
  }
}
