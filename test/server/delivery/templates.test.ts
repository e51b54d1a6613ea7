import { describe, expect, it } from 'vitest';
import { characterCount, DEFAULT_PHONE_TEMPLATES, parseTemplate, renderText, templateProblem } from '../../../server/delivery/templates.js';

const CONTEXT = { code: '048213', channel: 'sms' as const, locale: 'fr-FR', tenantName: 'Tessera' };

describe('phone templates', () => {
  it('render Auth0\'s defaults with the code and the tenant\'s friendly name', () => {
    expect(renderText(DEFAULT_PHONE_TEMPLATES.enrollment_message, CONTEXT)).toBe(
      '048213 is your verification code for Tessera. Please enter this code to verify your enrollment.',
    );
    expect(renderText(DEFAULT_PHONE_TEMPLATES.verification_message, CONTEXT)).toBe('048213 is your verification code for Tessera');
  });

  it('substitute every documented variable, spaces inside the braces allowed, {{pause}} as nothing in text', () => {
    expect(renderText('{{ message_type }}/{{locale}}/{{tenant.friendly_name}}:{{pause}} {{  code }}', CONTEXT)).toBe('sms/fr-FR/Tessera: 048213');
    expect(parseTemplate('a{{code}}b{{pause}}')).toEqual([{ text: 'a' }, { variable: 'code' }, { text: 'b' }, { variable: 'pause' }]);
  });

  it.each([
    [DEFAULT_PHONE_TEMPLATES.enrollment_message, null],
    ['Code: {{code}}', null],
    ['Your code is on its way', 'The template must contain {{code}}.'],
    ['{{code}} for {{user.name}}', 'Unknown template variable {{user.name}}: use {{code}}, {{tenant.friendly_name}}, {{message_type}}, {{locale}}, {{pause}}.'],
    ['{% if locale %}{{code}}{% endif %}', 'Liquid tags ({% … %}) are not supported in templates: use {{code}} and the other variables only.'],
    ['{{code}} and {{ oops', 'The template has a {{ or }} that does not enclose a variable.'],
    ['{{code}} }}', 'The template has a {{ or }} that does not enclose a variable.'],
  ])('templateProblem(%j) is %j', (template, problem) => {
    expect(templateProblem(template)).toBe(problem);
  });

  it('count characters as a phone does: an emoji is one', () => {
    expect(characterCount('code 🔐')).toBe(6);
  });
});
