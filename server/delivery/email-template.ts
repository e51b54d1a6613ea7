/**
 * Auth0's email templates in the part Tessera renders: `{{ variable }}` outputs of Liquid (Auth0's
 * `syntax: "liquid"`), with the variables Auth0 documents for the MFA code email
 * (https://auth0.com/docs/customize/email/email-templates: `code`, `user.*`, `application.name`,
 * `friendly_name`). Liquid tags and filters are refused when the template is saved, never half-run.
 */
export const EMAIL_TEMPLATE_VARIABLES = ['code', 'user.email', 'user.name', 'application.name', 'friendly_name', 'tenant.friendly_name'] as const;
export type EmailTemplateVariable = (typeof EMAIL_TEMPLATE_VARIABLES)[number];

export interface EmailTemplateContext {
  code: string;
  userEmail: string;
  userName?: string | undefined;
  applicationName?: string | undefined;
  friendlyName?: string | undefined;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const TAG = /\{\{\s*([^{}]*?)\s*\}\}/g;
const isVariable = (name: string): name is EmailTemplateVariable => (EMAIL_TEMPLATE_VARIABLES as readonly string[]).includes(name);

/** Why a subject or body cannot be used, in words for the admin who wrote it; null when it can. */
export function emailTemplateProblem(template: string, part: 'subject' | 'body'): string | null {
  if (/\{%/.test(template)) return 'Liquid tags ({% … %}) are not supported: use {{ code }} and the other variables only.';
  for (const [, name = ''] of template.matchAll(TAG)) {
    if (!isVariable(name)) return `Unknown template variable {{ ${name} }}: use ${EMAIL_TEMPLATE_VARIABLES.map((v) => `{{ ${v} }}`).join(', ')}.`;
  }
  if (/\{\{|\}\}/.test(template.replace(TAG, ''))) return 'The template has a {{ or }} that does not enclose a variable.';
  if (part === 'subject' && /[\r\n]/.test(template)) return 'The subject must be one line.';
  if (part === 'body' && ![...template.matchAll(TAG)].some(([, name]) => name === 'code')) return 'The body must contain {{ code }}.';
  return null;
}

function valueOf(variable: EmailTemplateVariable, context: EmailTemplateContext): string {
  if (variable === 'code') return context.code;
  if (variable === 'user.email') return context.userEmail;
  if (variable === 'user.name') return context.userName ?? context.userEmail;
  if (variable === 'application.name') return context.applicationName ?? '';
  return context.friendlyName ?? '';
}

const substitute = (template: string, value: (variable: EmailTemplateVariable) => string) =>
  template.replace(TAG, (whole, name: string) => (isVariable(name) ? value(name) : whole));

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** The HTML's text for the plain-text part: blocks become lines, tags and their invisible parts go. */
function htmlText(html: string): string {
  return html
    .replace(/<(style|script|head|title)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>|<\/(p|div|h[1-6]|li|tr|table)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z0-9]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#') && name !== '#39') return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The subject (values as they are, on one line), the HTML body (values escaped: a user's name is never
 * markup) and its plain-text part (the HTML's text with the values as they are). Values are put into the
 * text after the markup is stripped, so a `<` in a name stays a `<`.
 */
export function renderEmailTemplate(template: { subject: string; body: string }, context: EmailTemplateContext): RenderedEmail {
  const values: string[] = [];
  const marked = substitute(template.body, (variable) => `\uE000${values.push(valueOf(variable, context)) - 1}\uE001`);
  return {
    subject: substitute(template.subject, (variable) => valueOf(variable, context)).replace(/[\r\n]+/g, ' '),
    html: substitute(template.body, (variable) => escapeHtml(valueOf(variable, context))),
    text: `${htmlText(marked).replace(/\uE000(\d+)\uE001/g, (_m, index: string) => values[Number(index)] ?? '')}\n`,
  };
}
