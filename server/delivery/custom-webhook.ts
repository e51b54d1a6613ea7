import type { Clock } from '../deps.js';
import { checkPhoneNumber, INVALID_PHONE_NUMBER } from '../services/phone-number.js';
import { networkFailure } from './http-failure.js';
import { characterCount, MAX_SMS_BODY_CHARS, renderText, templateProblem } from './templates.js';
import { DeliveryError, type CodeDelivery, type DeliveryRequest, type DeliveryResult } from './types.js';
import { signWebhook, WEBHOOK_SIGNATURE_HEADER } from './webhook-signature.js';

/**
 * Per attempt: a receiver slower than this counts as failed, and the message is tried again. A sign-in
 * waits on the send, so all attempts together stay under about 17 s (3 × 5 s + 0.5 s + 1 s).
 */
export const WEBHOOK_TIMEOUT_MS = 5_000;
/** Attempts in all, and the wait before the second (doubled before each next): 0.5 s, then 1 s. */
export const WEBHOOK_MAX_ATTEMPTS = 3;
export const WEBHOOK_BASE_DELAY_MS = 500;

export interface CustomWebhookOptions {
  url: string;
  /** The HMAC key shared with the receiver (webhook-signature.ts). */
  secret: string;
  clock: Clock;
  timeoutMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  /** Waits between attempts; tests pass one that records the delays instead of waiting. */
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
}

/** What the receiver gets, as JSON: the code, and the message the template renders with it. */
export interface CustomWebhookBody {
  recipient: string;
  channel: DeliveryRequest['channel'];
  code: string;
  message: string;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const refuse = (message: string) => new DeliveryError('custom', message, { retryable: false });

/**
 * The `custom` phone provider: each code is POSTed as signed JSON to the admin's own URL, which sends it
 * however it likes. A 5xx, a 429, a timeout or a dropped connection is retried with exponential backoff
 * (no jitter: one message, not a crowd of clients); any other answer is final. A receiver answering 2xx
 * with `{"id": "…"}` names the message; otherwise the signature identifies it.
 */
export function createCustomWebhookDelivery(options: CustomWebhookOptions): CodeDelivery {
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const maxAttempts = options.maxAttempts ?? WEBHOOK_MAX_ATTEMPTS;
  const baseDelayMs = options.baseDelayMs ?? WEBHOOK_BASE_DELAY_MS;
  const sleep = options.sleep ?? realSleep;
  const fetcher = options.fetch ?? fetch;

  async function attempt(body: string): Promise<DeliveryResult> {
    // Signed afresh each attempt, so a retry still falls within the receiver's tolerance.
    const signature = signWebhook(options.secret, body, options.clock.now());
    let response: Response;
    let answer: string;
    try {
      response = await fetcher(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: signature },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      answer = await response.text();
    } catch (error) {
      throw networkFailure('custom', 'The webhook', error, timeoutMs);
    }
    if (response.status >= 200 && response.status < 300) return { provider: 'custom', messageId: answerId(answer) ?? signature.slice(signature.indexOf('v1=') + 3) };
    const retryable = response.status >= 500 || response.status === 429;
    const redirect = response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
    const verb = retryable ? 'failed' : 'refused the message';
    throw new DeliveryError('custom', `The webhook ${verb}: HTTP ${response.status}${redirect}.`, { retryable, providerCode: response.status });
  }

  return {
    async send(request) {
      // Checked here as well as where the URL is configured: a bad one would otherwise be "retried".
      const protocol = URL.canParse(options.url) ? new URL(options.url).protocol : '';
      if (protocol !== 'http:' && protocol !== 'https:') throw refuse('The webhook URL is not an absolute http(s) URL.');
      const body = JSON.stringify(webhookBody(request));
      for (let tries = 1; ; tries += 1) {
        try {
          return await attempt(body);
        } catch (error) {
          if (!(error instanceof DeliveryError) || !error.retryable || tries >= maxAttempts) throw withTries(error, tries);
          await sleep(baseDelayMs * 2 ** (tries - 1));
        }
      }
    },
  };
}

function webhookBody(request: DeliveryRequest): CustomWebhookBody {
  const problem = templateProblem(request.template);
  if (problem !== null) throw refuse(`The message template cannot be used: ${problem}`);
  if (request.channel !== 'email' && !checkPhoneNumber(request.to).valid) throw refuse(`${INVALID_PHONE_NUMBER.message}.`);
  // Auth0 separates a voice code's digits with dots ("1.2.3.4.5") so a text-to-speech engine reads them
  // one by one ("Customize SMS or Voice Messages"); `code` itself stays as typed.
  const spoken = request.channel === 'voice' ? [...request.code].join('.') : request.code;
  const message = renderText(request.template, { code: spoken, channel: request.channel, locale: request.locale, tenantName: request.tenantName });
  if (request.channel === 'sms' && characterCount(message) > MAX_SMS_BODY_CHARS) throw refuse(`The SMS template renders longer than ${MAX_SMS_BODY_CHARS} characters.`);
  return { recipient: request.to, channel: request.channel, code: request.code, message };
}

function answerId(answer: string): string | undefined {
  try {
    const parsed = JSON.parse(answer) as { id?: unknown } | null;
    // The id is kept with the audit record: a short printable token, or none.
    return typeof parsed?.id === 'string' && /^[\x21-\x7e]{1,128}$/.test(parsed.id) ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}

/** The last failure, saying how many attempts were made when there was more than one. */
function withTries(error: unknown, tries: number): unknown {
  if (!(error instanceof DeliveryError) || tries === 1) return error;
  const message = `${error.message.replace(/\.$/, '')} (after ${tries} attempts).`;
  return new DeliveryError('custom', message, { retryable: error.retryable, ...(error.providerCode === undefined ? {} : { providerCode: error.providerCode }) });
}
