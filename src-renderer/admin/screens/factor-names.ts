/** Auth0's factor names in the words of the Auth0 Dashboard (Security › Multi-factor Auth). */
const FACTOR_LABELS: Record<string, string> = {
  'push-notification': 'Push notification',
  otp: 'One-time password',
  sms: 'Phone message (SMS and voice)',
  email: 'Email',
  duo: 'Duo Security',
  'webauthn-roaming': 'Security keys (WebAuthn roaming)',
  'webauthn-platform': 'Device biometrics (WebAuthn platform)',
  'recovery-code': 'Recovery code',
};

export function factorLabel(name: string): string {
  return FACTOR_LABELS[name] ?? name;
}
