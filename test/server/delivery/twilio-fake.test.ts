import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTwilioFake, type TwilioFake } from '../../helpers/twilio.js';

/**
 * The loopback Twilio answers as Twilio's REST API does when a request is incomplete: these pin the
 * stand-in, so a delivery test that passes against it is not passing against something laxer.
 */

let twilio: TwilioFake;
beforeEach(async () => {
  twilio = await startTwilioFake({ accountSid: 'AC11111111111111111111111111111111', authToken: 'token' });
});
afterEach(() => twilio.close());

const BASIC = `Basic ${Buffer.from('AC11111111111111111111111111111111:token').toString('base64')}`;
const error = (status: number, code: number, message: string) => ({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

async function post(resource: string, form: Record<string, string>, authorization = BASIC) {
  const response = await fetch(`${twilio.apiUrl}/2010-04-01/Accounts/AC11111111111111111111111111111111/${resource}`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the loopback Twilio', () => {
  it.each([
    ['Messages.json', { From: '+15005550006', Body: 'x' }, error(400, 21604, "A 'To' phone number is required.")],
    ['Messages.json', { To: '+14155550123', Body: 'x' }, error(400, 21603, "A 'From' phone number is required.")],
    ['Messages.json', { To: '+14155550123', From: '+15005550006' }, error(400, 21602, 'Message body is required.')],
    ['Messages.json', { To: '4155550123', From: '+15005550006', Body: 'x' }, error(400, 21211, "The 'To' number 4155550123 is not a valid phone number.")],
    ['Messages.json', { To: '+14155550123', From: '+15005550006', Body: 'x'.repeat(1601) }, error(400, 21617, 'The concatenated message body exceeds the 1600 character limit.')],
    ['Calls.json', { From: '+15005550006', Twiml: '<Response/>' }, error(400, 21201, "No 'To' number is specified")],
    ['Calls.json', { To: '+14155550123', Twiml: '<Response/>' }, error(400, 21213, "No 'From' number is specified")],
  ])('%s %j → 400', async (resource, form, expected) => {
    expect(await post(resource, form)).toEqual({ status: 400, body: expected });
    expect(twilio.messages()).toEqual([]);
  });

  it('answers 404 for another resource and 401 for Basic auth with another token', async () => {
    expect(await post('Faxes.json', {})).toEqual({ status: 404, body: error(404, 20404, 'The requested resource /2010-04-01/Accounts/AC11111111111111111111111111111111/Faxes.json was not found') });
    const wrong = `Basic ${Buffer.from('AC11111111111111111111111111111111:nope').toString('base64')}`;
    expect(await post('Messages.json', { To: '+14155550123', From: '+15005550006', Body: 'x' }, wrong)).toEqual({
      status: 401,
      body: { ...error(401, 20003, 'Authenticate'), detail: 'Your AccountSid or AuthToken was incorrect.' },
    });
  });

  it('creates a Message as Twilio describes it', async () => {
    const { status, body } = await post('Messages.json', { To: '+14155550123', From: '+15005550006', Body: 'hello' });
    expect(status).toBe(201);
    expect(body).toMatchObject({ account_sid: 'AC11111111111111111111111111111111', to: '+14155550123', from: '+15005550006', body: 'hello', status: 'queued', direction: 'outbound-api' });
    expect(body.uri).toBe(`/2010-04-01/Accounts/AC11111111111111111111111111111111/Messages/${String(body.sid)}.json`);
    expect(body.date_created).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
  });
});
