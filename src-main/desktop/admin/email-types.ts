// The email factor as the admin console shows it: on or off (guardian/factors/email) and the MFA code
// email's template (Auth0's Management API email template `mfa_oob_code`), plus Tessera's test message.

/** What the console starts from when the server has no `mfa_oob_code` template yet: the code email's usual words. */
export const DEFAULT_MFA_EMAIL_TEMPLATE = {
  subject: 'Your verification code for {{ friendly_name }}',
  body: '<p><strong>{{ code }}</strong> is your verification code for {{ friendly_name }}</p>\n<p>If you did not ask for this code, you can ignore this email.</p>',
  from: '',
} as const;

export interface EmailTemplateInput {
  subject: string;
  /** HTML in Liquid ({{ code }} required). */
  body: string;
  /** An address or `Name <address>`; empty: the server's own sender. */
  from: string;
}

export interface EmailTemplateView extends EmailTemplateInput {
  /** False: the server has none yet (the fields are DEFAULT_MFA_EMAIL_TEMPLATE); saving creates it. */
  saved: boolean;
  /** A saved template switched off: the server sends its default words instead. */
  enabled: boolean;
}

/** The factor itself is switched in the Factors list (adminSetFactor), in one place only. */
export interface EmailSettingsView {
  template: EmailTemplateView;
}

/** One part of the email settings to save; the answer is the whole view, read back from the server. */
export interface EmailSettingsPatch {
  template: EmailTemplateInput;
}

/** Tessera's email test message: the code email with a code nobody can redeem, to check SMTP and the template. */
export interface EmailTestRequest {
  email: string;
}

export interface EmailTestResult {
  /** Who carried it: `smtp` or `outbox`. */
  provider: string;
  messageId: string;
}
