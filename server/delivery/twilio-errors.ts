import { DeliveryError } from './types.js';

/**
 * Twilio's error codes (https://www.twilio.com/docs/api/errors) that an admin or a user can act on, in
 * the server's words. Twilio's own `message` is not passed on: it quotes request parameters, and a
 * Twilio-compatible gateway might quote the body, which holds the code.
 */
const KNOWN: Record<number, string> = {
  20003: 'Twilio refused the account SID or auth token',
  20404: 'Twilio does not know the account SID',
  21211: 'Twilio says the phone number is not valid',
  21214: 'Twilio says the phone number cannot be reached',
  21212: 'Twilio refused the From number',
  21606: 'Twilio refused the From number: it cannot send SMS',
  21408: 'Twilio is not permitted to send to this region',
  21610: 'The recipient has opted out of messages from this sender',
  21614: 'Twilio says the number cannot receive SMS',
  21617: 'Twilio refused the message: it is too long',
  20429: 'Twilio is receiving too many requests',
};

interface TwilioErrorBody {
  code?: unknown;
  status?: unknown;
}

function parse(body: string): TwilioErrorBody {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as TwilioErrorBody) : {};
  } catch {
    return {};
  }
}

/**
 * A non-2xx answer from Twilio's REST API (`{code, message, more_info, status}`) as a DeliveryError:
 * a 4xx will fail the same way again (wrong credentials, an invalid number), except 429, like a 5xx,
 * is worth retrying later.
 */
export function twilioFailure(status: number, body: string): DeliveryError {
  const code = parse(body).code;
  const twilioCode = typeof code === 'number' && Number.isInteger(code) ? code : undefined;
  const retryable = status >= 500 || status === 429;
  const known = twilioCode === undefined ? undefined : KNOWN[twilioCode];
  const detail = twilioCode === undefined ? `HTTP ${status}` : `HTTP ${status}, error ${twilioCode}`;
  const message = known ?? (status >= 500 ? 'Twilio failed to take the request' : 'Twilio refused the request');
  return new DeliveryError('twilio', `${message} (${detail}).`, { retryable, ...(twilioCode === undefined ? {} : { providerCode: twilioCode }) });
}
