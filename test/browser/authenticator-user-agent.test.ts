import { describe, expect, it } from 'vitest';
import { describeUserAgent } from '../../src-renderer/screens/user-agent';
import { pushErrorInWords } from '../../src-renderer/screens/push-errors';

/** The push card's reading of User-Agent strings (real ones, as each browser sends them) and of server refusals. */
describe('describeUserAgent', () => {
  it.each([
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Chrome 131 on Windows'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86', 'Edge 131 on Windows'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0', 'Firefox 133 on Windows'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15', 'Safari 18 on macOS'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0', 'Opera 115 on macOS'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.126 Safari/537.36', 'Chrome 126 on Linux'],
    ['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0', 'Firefox 132 on Linux'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1', 'Safari 18 on iOS 18'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1', 'Chrome 131 on iOS 17'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36', 'Chrome 131 on Android 14'],
    ['Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0', 'Firefox 133 on Android 14'],
    ['Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36', 'Samsung Internet 26 on Android 13'],
    ['curl/8.5.0', null],
    ['SomeBot/1.0 (Linux)', 'An unknown browser on Linux'],
  ])('%s → %s', (userAgent, expected) => {
    expect(describeUserAgent(userAgent)).toBe(expected);
  });

  it('says nothing without a user agent', () => {
    expect(describeUserAgent(null)).toBeNull();
  });
});

describe('pushErrorInWords', () => {
  it.each([
    ['403 number_mismatch: The number picked does not match the one on the sign-in screen; the login was rejected.', 'That number was not the one on the sign-in screen, so the sign-in was refused. If it was you, sign in again and pick the number shown there.'],
    ['404 login_transaction_not_found: The mfa auth transaction is not active or has already expired', 'This sign-in request has expired or was already answered. If it was you, sign in again.'],
    ['400 some_new_code: The server says why.', 'The server says why.'],
    ['502: Bad Gateway', 'The sign-in server had a problem. Try again in a moment.'],
    ['the request was not sent', 'the request was not sent'],
  ])('%s', (message, expected) => {
    expect(pushErrorInWords(message)).toBe(expected);
  });
});
