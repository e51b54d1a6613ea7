import type { DeliveryChannel } from './types.js';

/**
 * Auth0's defaults for `GET /api/v2/guardian/factors/sms/templates` (and `…/phone/templates`), as the
 * Management API reference documents them.
 */
export const DEFAULT_PHONE_TEMPLATES = {
  enrollment_message: '{{code}} is your verification code for {{tenant.friendly_name}}. Please enter this code to verify your enrollment.',
  verification_message: '{{code}} is your verification code for {{tenant.friendly_name}}',
} as const;

/**
 * The longest SMS body sent, in characters. Twilio accepts up to 1600 but splits anything past 160 GSM-7
 * (70 UCS-2) characters into segments, each billed and delivered on its own, and advises keeping messages
 * under 320 characters for deliverability. A code message needs one sentence; a template that renders past
 * this is refused rather than cut, since cutting could drop the code.
 */
export const MAX_SMS_BODY_CHARS = 320;

/** The variables Auth0 documents for phone templates ("Customize SMS or Voice Messages"), Liquid tags aside. */
export const TEMPLATE_VARIABLES = ['code', 'tenant.friendly_name', 'message_type', 'locale', 'pause'] as const;
type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

export type TemplatePart = { text: string } | { variable: TemplateVariable };

export interface TemplateContext {
  code: string;
  channel: DeliveryChannel;
  locale?: string;
  tenantName?: string;
}

const TAG = /\{\{\s*([^{}]*?)\s*\}\}/g;
const isVariable = (name: string): name is TemplateVariable => (TEMPLATE_VARIABLES as readonly string[]).includes(name);

/** Why a template cannot be used, in words for the admin who wrote it; null when it can. */
export function templateProblem(template: string): string | null {
  if (/\{%/.test(template)) return 'Liquid tags ({% … %}) are not supported in templates: use {{code}} and the other variables only.';
  for (const [, name = ''] of template.matchAll(TAG)) {
    if (!isVariable(name)) return `Unknown template variable {{${name}}}: use ${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(', ')}.`;
  }
  if (/\{\{|\}\}/.test(template.replace(TAG, ''))) return 'The template has a {{ or }} that does not enclose a variable.';
  if (!parseTemplate(template).some((part) => 'variable' in part && part.variable === 'code')) return 'The template must contain {{code}}.';
  return null;
}

/** The template as text and variables, in order; unknown variables stay text (templateProblem refuses them first). */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(TAG)) {
    const name = match[1] ?? '';
    if (!isVariable(name)) continue;
    if (match.index > last) parts.push({ text: template.slice(last, match.index) });
    parts.push({ variable: name });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return parts;
}

/** The value of a variable other than `code` and `pause`, which each channel renders its own way. */
export function variableText(variable: Exclude<TemplateVariable, 'code' | 'pause'>, context: TemplateContext): string {
  if (variable === 'tenant.friendly_name') return context.tenantName ?? '';
  if (variable === 'message_type') return context.channel;
  return context.locale ?? '';
}

/** The template as plain text (an SMS body, an email line): `{{pause}}` is nothing outside a call. */
export function renderText(template: string, context: TemplateContext): string {
  return parseTemplate(template)
    .map((part) => {
      if ('text' in part) return part.text;
      if (part.variable === 'code') return context.code;
      if (part.variable === 'pause') return '';
      return variableText(part.variable, context);
    })
    .join('');
}

/** Length in characters as a phone counts them (code points, so an emoji is one). */
export const characterCount = (text: string): number => [...text].length;
