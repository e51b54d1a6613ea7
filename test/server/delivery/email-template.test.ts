import { describe, expect, it } from 'vitest';
import { EmailTemplateRenderError, emailTemplateProblem, renderEmailTemplate } from '../../../server/delivery/email-template.js';
import { htmlLiquid, parsed } from '../../../server/delivery/liquid.js';

/** The Liquid renderer itself: what reaches the admin at save time, and what a failed send may say. */

const CONTEXT = { code: '493817', userEmail: 'ada@example.com', userName: 'Ada', userMetadata: { partial: 'package.json', n: 100_000_000 } };

function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('the Liquid email template renderer', () => {
  it('a failed render names a limit but never repeats a value (a partial named after the code stays unquoted)', () => {
    const include = thrown(() => renderEmailTemplate({ subject: 'Code', body: '{% include code %}' }, CONTEXT));
    expect(include).toEqual(new EmailTemplateRenderError('The email template could not be rendered.'));
    expect(String((include as Error).message)).not.toContain(CONTEXT.code);
    const loop = thrown(() => renderEmailTemplate({ subject: 'Code', body: '{{ code }}{% for i in (1..user.user_metadata.n) %}.{% endfor %}' }, CONTEXT));
    expect(loop).toEqual(new EmailTemplateRenderError('The email template could not be rendered (memory alloc limit exceeded).'));
  });

  it('reads no file: an include of a file beside the server is refused at save time, by its name', () => {
    expect(emailTemplateProblem("{% render 'package.json' %}{{ code }}", 'body')).toBe('ENOENT: Failed to lookup "package.json" in "."');
    expect(emailTemplateProblem('{% layout user.user_metadata.partial %}{{ code }}', 'body')).toBe('illegal file path "undefined", line:1, col:1');
    expect(thrown(() => renderEmailTemplate({ subject: '', body: '{% layout user.user_metadata.partial %}{{ code }}' }, CONTEXT))).toBeInstanceOf(EmailTemplateRenderError);
  });

  it('reads own properties only (a string\'s length, not its constructor), and the text part decodes entities once, leaving an impossible one as written', () => {
    const rendered = renderEmailTemplate({ subject: '{{ user.name.constructor }}{{ code.length }}!', body: '<p>{{ code }} &#99999999; &amp;lt; {{ user.email | split: "@" | first }}</p>' }, CONTEXT);
    expect(rendered).toEqual({ subject: '6!', html: '<p>493817 &#99999999; &amp;lt; ada</p>', text: '493817 &#99999999; &lt; ada\n' });
  });

  it('parses a template text once (the parsed form is reused at the next send)', () => {
    const text = '<p>{{ code }} cached</p>';
    expect(parsed(htmlLiquid, text)).toBe(parsed(htmlLiquid, text));
    expect(parsed(htmlLiquid, `${text} `)).not.toBe(parsed(htmlLiquid, text));
  });
});
