import { describe, expect, it } from 'vitest';
import { parsePushEvent, PushDeviceError } from '../../../src-main/push-device';
import { pushData } from './fixtures';

const event = (data: unknown, lastEventId = 'tx_1') => ({ type: 'push', data: JSON.stringify(data), lastEventId });

describe('parsePushEvent', () => {
  it('keeps the Guardian notification and the Tessera context as sent', () => {
    expect(parsePushEvent(event(pushData('t1')))).toEqual({ transactionId: 'tx_1', notification: pushData('t1') });
  });

  it('reads s and l sent as JSON strings, as Android FCM payloads do', () => {
    const data = pushData('t1', { s: JSON.stringify({ os: { n: 'Android' } }), l: JSON.stringify({ n: 'Lisbon' }) });
    expect(parsePushEvent(event(data)).notification).toMatchObject({ s: { os: { n: 'Android' } }, l: { n: 'Lisbon' } });
  });

  it('tolerates a notification without Tessera context and falls back to txtkn without an id', () => {
    const { tessera: _omitted, ...guardianOnly } = pushData('t1');
    expect(parsePushEvent(event(guardianOnly, ''))).toEqual({
      transactionId: 't1',
      notification: {
        ...guardianOnly,
        tessera: { client_name: null, ip: null, user_agent: null, requested_at: null, number_choices: null, expires_at: null },
      },
    });
  });

  it.each([
    ['a JSON array', []],
    ['no challenge', pushData('t1', { c: '' })],
    ['no device account', pushData('t1', { dai: 7 })],
    ['numbers that are not strings', pushData('t1', { tessera: { number_choices: [12, 47, 83] } })],
    ['three-digit numbers', pushData('t1', { tessera: { number_choices: ['123', '47', '83'] } })],
    ['an empty number list', pushData('t1', { tessera: { number_choices: [] } })],
  ])('rejects %s', (_name, data) => {
    expect(() => parsePushEvent(event(data))).toThrow(PushDeviceError);
  });
});
