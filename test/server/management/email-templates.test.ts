import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditRows, mgmtError, scopesExcept } from '../../helpers/management.js';
import { buildTestServer, json, managementToken, mgmt, type TestServer } from '../../helpers/server.js';

/** `/api/v2/email-templates` as Auth0 shapes it (https://auth0.com/docs/api/management/v2/email-templates), mfa_oob_code only. */

const TEMPLATE = {
  template: 'mfa_oob_code', body: '<p>Your code: {{ code }}</p>', from: 'Security <security@example.com>', subject: 'Sign in to {{ application.name }}', syntax: 'liquid', enabled: true,
};
const invalidBody = (property: string, problem: string) => mgmtError(400, 'invalid_body', `Payload validation error: '${problem}' on property ${property}.`);

describe('Management API: email templates', () => {
  let server: TestServer;
  let token: string;
  beforeEach(async () => {
    server = await buildTestServer();
    token = await managementToken(server.app);
  });
  afterEach(() => server.close());

  async function call(method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown, bearer = token) {
    const response = await mgmt(server.app, method, `/api/v2/email-templates${path}`, body, bearer);
    return { status: response.statusCode, body: json(response) };
  }

  it('404 until created; POST creates (200), a second POST is 409; GET answers what was stored', async () => {
    const notFound = mgmtError(404, 'inexistent_email_template', 'The email template does not exist.');
    expect(await call('GET', '/mfa_oob_code')).toEqual({ status: 404, body: notFound });
    expect(await call('PATCH', '/mfa_oob_code', { enabled: false })).toEqual({ status: 404, body: notFound });
    expect(await call('PUT', '/mfa_oob_code', TEMPLATE)).toEqual({ status: 404, body: notFound });
    expect(await call('POST', '', TEMPLATE)).toEqual({ status: 200, body: TEMPLATE });
    expect(await call('POST', '', TEMPLATE)).toEqual({ status: 409, body: mgmtError(409, 'email_template_conflict', 'The email template already exists.') });
    expect(await call('GET', '/mfa_oob_code')).toEqual({ status: 200, body: TEMPLATE });
    expect((await auditRows(server, 'sapi')).map((row) => [row.description, row.details])).toEqual([
      ['Create an email template', { email_template: { template: 'mfa_oob_code', enabled: true } }],
    ]);
  });

  it('PATCH changes what it names; PUT replaces the whole template; link fields are kept and answered once set', async () => {
    await call('POST', '', TEMPLATE);
    expect(await call('PATCH', '/mfa_oob_code', { subject: 'Your code', enabled: false, resultUrl: 'https://example.com/done' })).toEqual({
      status: 200, body: { ...TEMPLATE, subject: 'Your code', enabled: false, resultUrl: 'https://example.com/done' },
    });
    const replaced = { ...TEMPLATE, template: 'mfa_oob_code', from: '', body: '{{code}} for {{ user.email }}', urlLifetimeInSeconds: 3600, includeEmailInRedirect: false };
    expect(await call('PUT', '/mfa_oob_code', replaced)).toEqual({ status: 200, body: replaced });
    expect(await call('GET', '/mfa_oob_code')).toEqual({ status: 200, body: replaced });
  });

  it.each([
    ['a body without {{ code }}', { ...TEMPLATE, body: '<p>Hello</p>' }, invalidBody('body', 'The body must contain {{ code }}.')],
    ['a body that only outputs a code of its own', { ...TEMPLATE, body: "{% assign code = '000000' %}<p>{{ code }}</p>" }, invalidBody('body', 'The body must contain {{ code }}.')],
    ['a tag never closed', { ...TEMPLATE, body: '<p>{% if user.name %}{{ code }}</p>' }, invalidBody('body', 'tag {% if user.name %} not closed, line:1, col:4')],
    ['an output never closed', { ...TEMPLATE, subject: 'Code {{ code' }, invalidBody('subject', 'output "{{ code" not closed, line:1, col:6')],
    ['a filter Liquid does not have', { ...TEMPLATE, body: '{{ code | shout }}' }, invalidBody('body', 'undefined filter: shout, line:1, col:1')],
    ['a loop past the memory limit', { ...TEMPLATE, body: '{% for i in (1..100000000) %}{{ code }}{% endfor %}' }, invalidBody('body', 'memory alloc limit exceeded, line:1, col:1')],
    ['an include (no template files on this server)', { ...TEMPLATE, body: "{% include 'package.json' %}{{ code }}" }, invalidBody('body', 'ENOENT: Failed to lookup "package.json" in "."')],
    ['a two-line subject', { ...TEMPLATE, subject: 'Code\r\nBcc: x@example.com' }, invalidBody('subject', 'The subject must be one line.')],
    ['a sender with a header in it', { ...TEMPLATE, from: 'a@example.com\r\nBcc: x@example.com' }, invalidBody('from', 'from must be an email address or "Name <address>"')],
    ['a result URL that is not one', { ...TEMPLATE, resultUrl: 'not a url' }, invalidBody('resultUrl', 'resultUrl must be an absolute URL')],
    ['a template Auth0 knows and Tessera never sends', { ...TEMPLATE, template: 'verify_email' }, mgmtError(400, 'feature_not_supported', 'The verify_email email template is not available on this server: Tessera sends mfa_oob_code only.')],
  ])('refuses %s with a clear 400, writing nothing', async (_name, body, error) => {
    expect(await call('POST', '', body)).toEqual({ status: 400, body: error });
    expect((await call('GET', '/mfa_oob_code')).status).toBe(404);
  });

  it('refuses schema violations (missing fields, another syntax, a name Auth0 does not know) as invalid_body', async () => {
    const { body: _dropped, ...noBody } = TEMPLATE;
    for (const body of [noBody, { ...TEMPLATE, syntax: 'handlebars' }, { ...TEMPLATE, template: 'nope' }, { ...TEMPLATE, extra: 1 }]) {
      expect(await call('POST', '', body)).toMatchObject({ status: 400, body: { statusCode: 400, errorCode: 'invalid_body' } });
    }
    expect((await call('GET', '/nope')).body).toMatchObject({ statusCode: 400 });
    await call('POST', '', TEMPLATE);
    expect(await call('PUT', '/mfa_oob_code', { ...TEMPLATE, template: 'verify_email' })).toEqual({
      status: 400, body: invalidBody('template', 'template must be the template named in the path'),
    });
    expect(await call('GET', '/verify_email')).toEqual({
      status: 400, body: mgmtError(400, 'feature_not_supported', 'The verify_email email template is not available on this server: Tessera sends mfa_oob_code only.'),
    });
  });

  it('accepts Liquid as Auth0 does: tags, filters, unknown variables (they render empty)', async () => {
    const liquid = {
      ...TEMPLATE,
      subject: '{{ application.name | upcase }} {{ user.nickname }}code',
      body: "{% if user.user_metadata.lang == 'es' %}<p>Tu código: {{ code }}</p>{% else %}<p>Your code: {{ code | raw }}</p>{% endif %}{% for i in (1..3) %}.{% endfor %}",
    };
    expect(await call('POST', '', liquid)).toEqual({ status: 200, body: liquid });
    expect(await call('PATCH', '/mfa_oob_code', { body: '{%- liquid\n echo code\n-%}' })).toEqual({ status: 200, body: { ...liquid, body: '{%- liquid\n echo code\n-%}' } });
  });

  it('needs read:, create: and update:email_templates', async () => {
    const without = async (scope: string) => managementToken(server.app, scopesExcept(scope));
    const denied = (scope: string) => ({ status: 403, body: mgmtError(403, 'insufficient_scope', `Insufficient scope; expected any of: ${scope}.`) });
    expect(await call('POST', '', TEMPLATE, await without('create:email_templates'))).toEqual(denied('create:email_templates'));
    expect(await call('GET', '/mfa_oob_code', undefined, await without('read:email_templates'))).toEqual(denied('read:email_templates'));
    expect(await call('PATCH', '/mfa_oob_code', { enabled: false }, await without('update:email_templates'))).toEqual(denied('update:email_templates'));
    expect(await call('PUT', '/mfa_oob_code', TEMPLATE, await without('update:email_templates'))).toEqual(denied('update:email_templates'));
  });
});
