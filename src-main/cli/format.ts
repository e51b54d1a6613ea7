import type { DeviceAccount, PushRequest } from '../push-device';

// Request fields come from the server and, through it, from whoever started the login: control characters
// and bidi overrides could rewrite the terminal or disguise the text, so they are shown as U+FFFD.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_FOR_TERMINAL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE_FOR_TERMINAL, '\uFFFD');
}

const row = (label: string, value: string | null) => `  ${label.padEnd(13)}${value === null ? '(unknown)' : terminalSafe(value)}`;

export function formatRequest(account: DeviceAccount, request: PushRequest): string {
  const { tessera } = request.notification;
  const numbers = tessera.number_choices === null ? '(number matching off)' : tessera.number_choices.join('  ');
  return [
    `Login request ${terminalSafe(request.transactionId)} for ${terminalSafe(account.userId)} (${account.enrollmentId})`,
    row('application', tessera.client_name),
    row('ip', tessera.ip),
    row('user agent', tessera.user_agent),
    row('time', tessera.requested_at ?? request.notification.d),
    row('numbers', numbers),
  ].join('\n');
}

export function formatAccount(account: DeviceAccount): string {
  const totp = account.totp ? `${account.totp.algorithm}, ${account.totp.digits} digits, ${account.totp.period} s` : 'none';
  return [
    `${account.enrollmentId}`,
    row('user', account.userId),
    row('issuer', account.issuer),
    row('server', account.baseUrl),
    row('device name', account.name),
    row('enrolled', account.enrolledAt),
    row('totp', totp),
  ].join('\n');
}

/** Shown once, after a ticket enrollment that was the user's first: the code is never stored. */
export function recoveryCodeNotice(account: DeviceAccount, code: string): string {
  const host = new URL(account.baseUrl).host;
  return `Recovery code: ${terminalSafe(code)}\nSave this recovery code somewhere safe now: it signs you in to ${host} if you lose this device, and it is not shown again.`;
}

/** The account without its TOTP secret, for `--json` output. */
export function publicAccount(account: DeviceAccount): Omit<DeviceAccount, 'totp'> & { totp: object | null } {
  const totp = account.totp ? { algorithm: account.totp.algorithm, digits: account.totp.digits, period: account.totp.period } : null;
  return { ...account, totp };
}
