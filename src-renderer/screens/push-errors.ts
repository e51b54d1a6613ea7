/**
 * Main passes the Guardian server's refusals on as "403 number_mismatch: …"; the user gets words
 * instead, keyed on the error code (Auth0's Guardian error codes, as Tessera's server sends them).
 */
const MESSAGES: Record<string, string> = {
  number_mismatch:
    'That number was not the one on the sign-in screen, so the sign-in was refused. If it was you, sign in again and pick the number shown there.',
  login_transaction_not_found: 'This sign-in request has expired or was already answered. If it was you, sign in again.',
  device_account_not_found: 'The server no longer knows this computer for push. Remove the enrollment and enroll again.',
  invalid_token: 'The server did not accept this computer’s credentials. Remove the enrollment and enroll again.',
};

const SERVER_ERROR = /^(\d{3})(?: ([a-z0-9_]+))?: (.*)$/s;

export function pushErrorInWords(message: string): string {
  const match = SERVER_ERROR.exec(message);
  if (!match) return message;
  const [, status, code, detail] = match;
  const known = code ? MESSAGES[code] : undefined;
  if (known) return known;
  return status?.startsWith('5') ? 'The sign-in server had a problem. Try again in a moment.' : (detail ?? message);
}
