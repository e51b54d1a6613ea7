/**
 * The template names Auth0's Management API knows (https://auth0.com/docs/api/management/v2/email-templates/get-email-templates-by-template-name),
 * `change_password` and `password_reset` being its legacy names.
 */
export const AUTH0_EMAIL_TEMPLATE_NAMES = [
  'verify_email', 'verify_email_by_code', 'auth_email_by_code', 'reset_email', 'reset_email_by_code', 'welcome_email', 'blocked_account',
  'stolen_credentials', 'enrollment_email', 'mfa_oob_code', 'user_invitation', 'async_approval', 'change_password', 'password_reset',
] as const;
export type EmailTemplateName = (typeof AUTH0_EMAIL_TEMPLATE_NAMES)[number];

/** The templates Tessera sends: the email MFA code. The others are Auth0's flows Tessera has no part of. */
export const SENT_EMAIL_TEMPLATE_NAMES = ['mfa_oob_code'] as const;
export type SentEmailTemplateName = (typeof SENT_EMAIL_TEMPLATE_NAMES)[number];

/** One email template, in Auth0's field names (camelCase on this resource, as Auth0 has them). */
export interface EmailTemplate {
  template: SentEmailTemplateName;
  body: string;
  /** An address or `Name <address>`; empty: the server's TESSERA_MAIL_FROM. */
  from: string;
  subject: string;
  syntax: 'liquid';
  /** Off: the message goes out in Tessera's default words, as Auth0 falls back to its default template. */
  enabled: boolean;
  /** Kept and answered as Auth0 does; they steer links in other templates, the code email has none. */
  resultUrl: string | null;
  urlLifetimeInSeconds: number | null;
  includeEmailInRedirect: boolean | null;
}

export interface EmailTemplateRepo {
  find(name: SentEmailTemplateName): Promise<EmailTemplate | undefined>;
  /** False when the template already exists (nothing is written). */
  insert(template: EmailTemplate): Promise<boolean>;
  /** False when the template does not exist yet (nothing is written). */
  update(template: EmailTemplate): Promise<boolean>;
}

/** The row as both engines store it. */
export interface EmailTemplateRecord {
  template: string;
  body: string;
  from_address: string;
  subject: string;
  enabled: number | boolean;
  result_url: string | null;
  url_lifetime_in_seconds: number | string | null;
  include_email_in_redirect: number | boolean | null;
}

export const emailTemplateValues = (t: EmailTemplate): unknown[] => [
  t.template, t.body, t.from, t.subject, t.enabled ? 1 : 0, t.resultUrl, t.urlLifetimeInSeconds, t.includeEmailInRedirect === null ? null : t.includeEmailInRedirect ? 1 : 0,
];

export function emailTemplateFromRecord(row: EmailTemplateRecord): EmailTemplate {
  return {
    template: row.template as SentEmailTemplateName, body: row.body, from: row.from_address, subject: row.subject, syntax: 'liquid', enabled: Boolean(row.enabled),
    resultUrl: row.result_url, urlLifetimeInSeconds: row.url_lifetime_in_seconds === null ? null : Number(row.url_lifetime_in_seconds),
    includeEmailInRedirect: row.include_email_in_redirect === null ? null : Boolean(row.include_email_in_redirect),
  };
}
