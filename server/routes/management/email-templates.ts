import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { transaction, type Tessera } from '../../context.js';
import { emailTemplateProblem } from '../../delivery/email-template.js';
import { ManagementError } from '../../errors.js';
import { SENT_EMAIL_TEMPLATE_NAMES, type EmailTemplate, type EmailTemplateName, type SentEmailTemplateName } from '../../store/email-templates.js';
import { CreateEmailTemplate, EmailTemplateView, TemplateNameParams, UpdateEmailTemplate, type CreateEmailTemplateBody, type UpdateEmailTemplateBody } from './email-template-schemas.js';
import { guardianEmailTestRoutes } from './guardian-email-test.js';
import { managementErrors } from './schemas.js';

type Params = Static<typeof TemplateNameParams>;

/** Auth0 documents the 404 and 409 of these operations but not their bodies: worded as the catalogue's other `inexistent_*`/`*_conflict`. */
const notFound = () => new ManagementError(404, 'inexistent_email_template', 'The email template does not exist.');
const exists = () => new ManagementError(409, 'email_template_conflict', 'The email template already exists.');
const invalid = (property: string, problem: string) => new ManagementError(400, 'invalid_body', `Payload validation error: '${problem}' on property ${property}.`);
/** An address, or `Name <address>`, on one line (a header: no CR/LF can ride in it). */
const FROM = /^(?:[^\r\n<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/;

/**
 * Names Auth0 knows but Tessera never sends (verification, welcome, password-reset mail…) are refused
 * rather than stored: a template saved and then never used would tell the admin those emails go out.
 */
function sentName(name: EmailTemplateName): SentEmailTemplateName {
  if ((SENT_EMAIL_TEMPLATE_NAMES as readonly string[]).includes(name)) return name as SentEmailTemplateName;
  throw new ManagementError(400, 'feature_not_supported', `The ${name} email template is not available on this server: Tessera sends mfa_oob_code only.`);
}

function checked(template: EmailTemplate): EmailTemplate {
  const subject = emailTemplateProblem(template.subject, 'subject');
  if (subject !== null) throw invalid('subject', subject);
  const body = emailTemplateProblem(template.body, 'body');
  if (body !== null) throw invalid('body', body);
  if (template.from !== '' && !FROM.test(template.from)) throw invalid('from', 'from must be an email address or "Name <address>"');
  if (template.resultUrl !== null && !URL.canParse(template.resultUrl)) throw invalid('resultUrl', 'resultUrl must be an absolute URL');
  return template;
}

function view(template: EmailTemplate): Static<typeof EmailTemplateView> {
  const { resultUrl, urlLifetimeInSeconds, includeEmailInRedirect, ...always } = template;
  return {
    ...always,
    ...(resultUrl === null ? {} : { resultUrl }),
    ...(urlLifetimeInSeconds === null ? {} : { urlLifetimeInSeconds }),
    ...(includeEmailInRedirect === null ? {} : { includeEmailInRedirect }),
  };
}

const fromBody = (name: SentEmailTemplateName, body: CreateEmailTemplateBody): EmailTemplate => ({
  template: name, body: body.body, from: body.from, subject: body.subject, syntax: 'liquid', enabled: body.enabled,
  resultUrl: body.resultUrl ?? null, urlLifetimeInSeconds: body.urlLifetimeInSeconds ?? null, includeEmailInRedirect: body.includeEmailInRedirect ?? null,
});

function patched(current: EmailTemplate, body: UpdateEmailTemplateBody): EmailTemplate {
  const pick = <K extends keyof UpdateEmailTemplateBody & keyof EmailTemplate>(key: K) => (body[key] === undefined ? current[key] : body[key]) as EmailTemplate[K];
  return { ...current, body: pick('body'), from: pick('from'), subject: pick('subject'), enabled: pick('enabled'), resultUrl: pick('resultUrl'), urlLifetimeInSeconds: pick('urlLifetimeInSeconds'), includeEmailInRedirect: pick('includeEmailInRedirect') };
}

/** A body naming another template than the path would rename it: Auth0's templates are keyed by name. */
function samePathName(name: EmailTemplateName, body: { template?: EmailTemplateName | undefined }): void {
  if (body.template !== undefined && body.template !== name) throw invalid('template', 'template must be the template named in the path');
}

/**
 * Email templates (https://auth0.com/docs/api/management/v2/email-templates), `mfa_oob_code` only: the
 * email MFA code's subject, body and sender (server/delivery/email-template.ts renders them).
 */
export const emailTemplateRoutes: FastifyPluginAsync = async (app) => {
  const t = app.tessera;
  const audit = (t: Tessera, request: FastifyRequest, description: string, template: EmailTemplate) =>
    t.audit.record({ type: 'sapi', clientId: request.management?.clientId, description, details: { email_template: { template: template.template, enabled: template.enabled } } });
  const schema = { params: TemplateNameParams, response: { 200: EmailTemplateView, ...managementErrors } };

  app.post<{ Body: CreateEmailTemplateBody }>(
    '/email-templates',
    { config: { scopes: ['create:email_templates'] }, schema: { summary: 'Create an email template (mfa_oob_code)', body: CreateEmailTemplate, response: schema.response } },
    async (request) => {
      const template = checked(fromBody(sentName(request.body.template), request.body));
      if (!(await t.store.emailTemplates.insert(template))) throw exists();
      await audit(t, request, 'Create an email template', template);
      return view(template);
    },
  );

  app.get<{ Params: Params }>('/email-templates/:templateName', { config: { scopes: ['read:email_templates'] }, schema: { summary: 'Get an email template', ...schema } }, async (request) => {
    const found = await t.store.emailTemplates.find(sentName(request.params.templateName));
    if (!found) throw notFound();
    return view(found);
  });

  app.put<{ Params: Params; Body: CreateEmailTemplateBody }>(
    '/email-templates/:templateName',
    { config: { scopes: ['update:email_templates'] }, schema: { summary: 'Replace an email template', ...schema, body: CreateEmailTemplate } },
    async (request) => {
      const name = sentName(request.params.templateName);
      samePathName(name, request.body);
      const template = checked(fromBody(name, request.body));
      if (!(await t.store.emailTemplates.update(template))) throw notFound();
      await audit(t, request, 'Update an email template', template);
      return view(template);
    },
  );

  app.patch<{ Params: Params; Body: UpdateEmailTemplateBody }>(
    '/email-templates/:templateName',
    { config: { scopes: ['update:email_templates'] }, schema: { summary: 'Patch an email template', ...schema, body: UpdateEmailTemplate } },
    async (request) => {
      const name = sentName(request.params.templateName);
      samePathName(name, request.body);
      return await transaction(t, async (t) => {
        const current = await t.store.emailTemplates.find(name);
        if (!current) throw notFound();
        const next = checked(patched(current, request.body));
        await t.store.emailTemplates.update(next);
        await audit(t, request, 'Update an email template', next);
        return view(next);
      });
    },
  );
  await app.register(guardianEmailTestRoutes);
};
