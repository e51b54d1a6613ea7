import { Type, type Static, type TSchema } from 'typebox';
import { AUTH0_EMAIL_TEMPLATE_NAMES, type EmailTemplateName } from '../../store/email-templates.js';

// The Management API's email template (https://auth0.com/docs/api/management/v2/email-templates/post-email-templates):
// camelCase fields on this resource, as Auth0 names them. `body`, `from`, `subject`, `syntax` and `enabled`
// are required to create or replace one; a PATCH sends any of them.

/** Auth0's template bodies are whole HTML documents: room for one with inline styles, far below the body limit. */
export const MAX_TEMPLATE_BODY = 100_000;
const MAX_SUBJECT = 1000;
/** RFC 5321 §4.5.3.1 (320) plus a display name. */
const MAX_FROM = 512;

export const TemplateName = Type.Unsafe<EmailTemplateName>({ type: 'string', enum: [...AUTH0_EMAIL_TEMPLATE_NAMES] });
export const TemplateNameParams = Type.Object({ templateName: TemplateName });

const fields = {
  body: Type.String({ maxLength: MAX_TEMPLATE_BODY }),
  from: Type.String({ maxLength: MAX_FROM }),
  subject: Type.String({ maxLength: MAX_SUBJECT }),
  syntax: Type.Literal('liquid'),
  enabled: Type.Boolean(),
};
const optional = {
  resultUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  urlLifetimeInSeconds: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 2_592_000 }), Type.Null()])),
  includeEmailInRedirect: Type.Optional(Type.Boolean()),
};
const partial = <T extends Record<string, TSchema>>(shape: T) => Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, Type.Optional(schema)])) as { [K in keyof T]: ReturnType<typeof Type.Optional<T[K]>> };

export const CreateEmailTemplate = Type.Object({ template: TemplateName, ...fields, ...optional }, { additionalProperties: false });
export const UpdateEmailTemplate = Type.Object({ template: Type.Optional(TemplateName), ...partial(fields), ...optional }, { additionalProperties: false });
export type CreateEmailTemplateBody = Static<typeof CreateEmailTemplate>;
export type UpdateEmailTemplateBody = Static<typeof UpdateEmailTemplate>;

/** The answer: the stored template; the link fields only when set, as Auth0 leaves out what was never given. */
export const EmailTemplateView = Type.Object({
  template: TemplateName,
  body: Type.String(),
  from: Type.String(),
  subject: Type.String(),
  syntax: Type.Literal('liquid'),
  enabled: Type.Boolean(),
  resultUrl: Type.Optional(Type.String()),
  urlLifetimeInSeconds: Type.Optional(Type.Integer()),
  includeEmailInRedirect: Type.Optional(Type.Boolean()),
});
