import { parseTemplate, variableText, type TemplateContext } from './templates.js';

/** Seconds of silence between digits, and before the message is said again. */
const DIGIT_PAUSE_S = 1;
const REPEAT_PAUSE_S = 2;

/** XML 1.0 §2.2 `Char`: anything else (most C0 controls, U+FFFE/FFFF, a lone surrogate) makes the document unparsable. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** XML 1.0 §2.4 character data and attribute values: the five predefined entities, characters XML cannot hold dropped. */
export function escapeXml(value: string): string {
  return value.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/**
 * Twilio's `<Say language>` takes a BCP 47 tag with a region (`fr-FR`); a bare language or anything else
 * is left out, and Twilio's default voice reads the text.
 */
function sayOpen(locale: string | undefined): string {
  return locale !== undefined && /^[a-z]{2,3}-[A-Z]{2}$/.test(locale) ? `<Say language="${escapeXml(locale)}">` : '<Say>';
}

/**
 * One reading of the message: text as `<Say>`, the code digit by digit with a pause after each (a
 * listener writes them down one at a time; read as a number, "123456" would be "one hundred twenty-three
 * thousand…"), `{{pause}}` as a `<Pause>`.
 */
function reading(template: string, context: TemplateContext): string {
  const say = (raw: string) => {
    const text = raw.replace(NOT_XML_CHAR, '').trim();
    return text === '' ? '' : `${sayOpen(context.locale)}${escapeXml(text)}</Say>`;
  };
  const pause = (seconds: number) => `<Pause length="${seconds}"/>`;
  return parseTemplate(template)
    .map((part) => {
      if ('text' in part) return say(part.text);
      if (part.variable === 'code') return [...context.code].map((digit) => say(digit) + pause(DIGIT_PAUSE_S)).join('');
      if (part.variable === 'pause') return pause(DIGIT_PAUSE_S);
      return say(variableText(part.variable, context));
    })
    .join('');
}

/** The TwiML document for Calls.json's `Twiml` parameter: the message, a pause, the message once more. */
export function voiceTwiml(template: string, context: TemplateContext): string {
  const once = reading(template, context);
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${once}<Pause length="${REPEAT_PAUSE_S}"/>${once}</Response>`;
}
