import type { Liquid } from 'liquidjs';
import { htmlText } from './html-text.js';
import { htmlLiquid, parsed, plainLiquid } from './liquid.js';

/**
 * Auth0's email templates, rendered by a real Liquid engine (liquidjs; Auth0's `syntax: "liquid"`), with
 * the variables Auth0 documents for the MFA code email (https://auth0.com/docs/customize/email/email-templates):
 * `code`, `user.email`, `user.name`, `user.user_metadata`, `user.app_metadata`, `application.name`,
 * `friendly_name` (also `tenant.friendly_name`). Unknown variables render empty, as on Auth0.
 */
export interface EmailTemplateContext {
  code: string;
  userEmail: string;
  userName?: string | undefined;
  userMetadata?: Record<string, unknown> | undefined;
  appMetadata?: Record<string, unknown> | undefined;
  applicationName?: string | undefined;
  friendlyName?: string | undefined;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** A render that failed at send time (a limit reached, a missing partial…), in words that quote no value. */
export class EmailTemplateRenderError extends Error {
  override readonly name = 'EmailTemplateRenderError';
}

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const scope = (context: EmailTemplateContext) => ({
  code: context.code,
  user: { email: context.userEmail, name: context.userName ?? context.userEmail, user_metadata: context.userMetadata ?? {}, app_metadata: context.appMetadata ?? {} },
  application: { name: context.applicationName ?? '' },
  friendly_name: context.friendlyName ?? '',
  tenant: { friendly_name: context.friendlyName ?? '' },
});

const render = (liquid: Liquid, text: string, values: object): string => String(liquid.renderSync(parsed(liquid, text), values));

/** Values of the kind a real send has, for trying a template when it is saved. */
const SAMPLE: EmailTemplateContext = { code: '123456', userEmail: 'user@example.com', userName: 'User', applicationName: 'Application', friendlyName: 'Tenant' };

/**
 * Why a subject or body cannot be used, in words for the admin who wrote it (liquidjs's own message for
 * a template that does not parse or render); null when it can. The body must output `code` itself (not
 * a variable assigned in the template); a template is also rendered once with sample values, so a loop
 * past the limits or an `{% include %}` is refused now rather than failing every send.
 */
export function emailTemplateProblem(template: string, part: 'subject' | 'body'): string | null {
  if (part === 'subject' && /[\r\n]/.test(template)) return 'The subject must be one line.';
  const liquid = part === 'subject' ? plainLiquid : htmlLiquid;
  try {
    if (part === 'body' && !liquid.globalVariablesSync(parsed(liquid, template)).includes('code')) return 'The body must contain {{ code }}.';
    render(liquid, template, scope(SAMPLE));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return null;
}

/** liquidjs's limit messages carry no value; any other render error might quote one (a dynamic partial's name), so it is not repeated. */
function renderFailure(error: unknown): EmailTemplateRenderError {
  const limit = error instanceof Error ? /^(memory alloc|template render) limit exceeded/.exec(error.message)?.[0] : undefined;
  return new EmailTemplateRenderError(`The email template could not be rendered${limit ? ` (${limit})` : ''}.`);
}

/**
 * The subject (values as they are, on one line), the HTML body (every output escaped: a user's name is
 * never markup) and its plain-text part (the HTML's text: escaped values decoded back to what they were).
 * Throws EmailTemplateRenderError when a limit is reached.
 */
export function renderEmailTemplate(template: { subject: string; body: string }, context: EmailTemplateContext): RenderedEmail {
  const values = scope(context);
  try {
    const html = render(htmlLiquid, template.body, values);
    return { subject: render(plainLiquid, template.subject, values).replace(/[\r\n]+/g, ' '), html, text: `${htmlText(html)}\n` };
  } catch (error) {
    throw renderFailure(error);
  }
}
