import type { EmailMessage, Mailer } from './email.js';
import { EmailTemplateRenderError, escapeHtml, renderEmailTemplate } from './email-template.js';
import { parseTemplate, renderText, templateProblem, variableText, type TemplateContext } from './templates.js';
import { DeliveryError, type CodeDelivery, type DeliveryProvider, type DeliveryRequest } from './types.js';

const IGNORE = 'If you did not ask for this code, you can ignore this email.';

/** nodemailer's error codes for a server it could not talk to: the message never left, so try again later. */
const UNREACHABLE = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ECONNREFUSED']);

/**
 * The code email: the admin's `mfa_oob_code` template when there is one (subject, HTML body and its text);
 * otherwise the phone template's sentence as plain text, and as HTML with the code set apart. A template
 * that fails to render (a Liquid limit reached) is a send that did not happen, for `provider` to report.
 */
export function codeEmail(request: DeliveryRequest, provider: DeliveryProvider): EmailMessage {
  if (request.email) {
    const { subject, body, from, userName, userMetadata, appMetadata, applicationName } = request.email;
    try {
      const rendered = renderEmailTemplate({ subject, body }, { code: request.code, userEmail: request.to, userName, userMetadata, appMetadata, applicationName, friendlyName: request.tenantName });
      return { ...(from === '' ? {} : { from }), to: request.to, ...rendered };
    } catch (error) {
      if (error instanceof EmailTemplateRenderError) throw new DeliveryError(provider, error.message, { retryable: false });
      throw error;
    }
  }
  const context: TemplateContext = { code: request.code, channel: 'email', locale: request.locale, tenantName: request.tenantName };
  const html = parseTemplate(request.template)
    .map((part) => {
      if ('text' in part) return escapeHtml(part.text);
      if (part.variable === 'code') return `<strong>${escapeHtml(request.code)}</strong>`;
      if (part.variable === 'pause') return '';
      return escapeHtml(variableText(part.variable, context));
    })
    .join('');
  const subject = request.tenantName ? `Your verification code for ${request.tenantName}` : 'Your verification code';
  return {
    to: request.to,
    // The code stays out of the subject, which mail clients show in notifications and message lists.
    subject,
    text: `${renderText(request.template, context)}\n\n${IGNORE}\n`,
    html: `<p>${html}</p>\n<p>${escapeHtml(IGNORE)}</p>`,
  };
}

/**
 * An SMTP failure as a DeliveryError in the server's words (nodemailer's message quotes the server's
 * reply, which may quote the message). A 4xx reply or an unreachable server is worth retrying (RFC 5321
 * §4.2.1: 4yz is a transient failure); a 5xx reply is final.
 */
export function smtpFailure(error: unknown): DeliveryError {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const reply = typeof responseCode === 'number' ? responseCode : undefined;
  if (code === 'EAUTH') return new DeliveryError('smtp', `The SMTP server refused the credentials${reply ? ` (${reply})` : ''}.`, { retryable: false, ...(reply ? { providerCode: reply } : {}) });
  if (reply !== undefined && reply >= 400 && reply < 500) return new DeliveryError('smtp', `The SMTP server deferred the message (${reply}).`, { retryable: true, providerCode: reply });
  if (reply !== undefined && reply >= 500) return new DeliveryError('smtp', `The SMTP server refused the message (${reply}).`, { retryable: false, providerCode: reply });
  if (typeof code === 'string' && UNREACHABLE.has(code)) return new DeliveryError('smtp', 'The SMTP server could not be reached.', { retryable: true });
  return new DeliveryError('smtp', 'The email could not be sent.', { retryable: false });
}

/**
 * How long a send may take before the user is told it failed. nodemailer's own timeouts (2 minutes to
 * connect, 10 to idle) suit a batch, not a sign-in waiting on its code; the message may still leave later,
 * so the failure is retryable, as a timed-out HTTP request is.
 */
export const SMTP_TIMEOUT_MS = 10_000;

function withinTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DeliveryError('smtp', `The SMTP server did not answer within ${timeoutMs / 1000} s.`, { retryable: true })), timeoutMs);
  });
  // The late outcome of a send given up on is nobody's business now, and must not surface as unhandled.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Email codes through the server's Mailer (TESSERA_SMTP_URL, TESSERA_MAIL_FROM). */
export function createEmailCodeDelivery(mailer: Mailer, options: { timeoutMs?: number } = {}): CodeDelivery {
  const timeoutMs = options.timeoutMs ?? SMTP_TIMEOUT_MS;
  return {
    async send(request) {
      if (request.channel !== 'email') throw new DeliveryError('smtp', 'SMTP delivers email codes only.', { retryable: false });
      const problem = request.email ? null : templateProblem(request.template);
      if (problem !== null) throw new DeliveryError('smtp', `The message template cannot be used: ${problem}`, { retryable: false });
      try {
        const { messageId } = await withinTimeout(mailer.send(codeEmail(request, 'smtp')), timeoutMs);
        return { provider: 'smtp', messageId };
      } catch (error) {
        throw error instanceof DeliveryError ? error : smtpFailure(error);
      }
    },
  };
}
