import type { Management, ManagementClient } from 'auth0';
import { isStatus } from './admin-errors';
import { DEFAULT_MFA_EMAIL_TEMPLATE, type EmailSettingsPatch, type EmailSettingsView, type EmailTemplateView, type EmailTestRequest, type EmailTestResult } from './email-types';
import type { ManagementCall } from './management-call';
import type { ManagementSession } from './management-session';
import { sdkFetch } from './passthrough';
import { ServerRefusalError } from './server-refusal';

/** Auth0's name for the MFA code email's template (https://auth0.com/docs/api/management/v2/email-templates). */
const MFA_TEMPLATE = 'mfa_oob_code' satisfies Management.EmailTemplateNameEnum;
/** Tessera's extension: a test email through the server's SMTP (or its outbox). */
const TEST_MESSAGE_PATH = 'guardian/factors/email/test-message';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

async function readTemplate(client: ManagementClient): Promise<EmailTemplateView> {
  try {
    const wire = await client.emailTemplates.get(MFA_TEMPLATE);
    return { subject: text(wire.subject), body: text(wire.body), from: text(wire.from), saved: true, enabled: wire.enabled === true };
  } catch (error) {
    // Not created yet: Auth0 answers 404 too, and sends its default email meanwhile.
    if (isStatus(error, 404)) return { ...DEFAULT_MFA_EMAIL_TEMPLATE, saved: false, enabled: false };
    throw error;
  }
}

async function readEmailSettings(client: ManagementClient): Promise<EmailSettingsView> {
  return { template: await readTemplate(client) };
}

/** Saving the template switches it on: the admin wrote it to be used. Created when missing, or when it vanished meanwhile. */
async function writePart(client: ManagementClient, patch: EmailSettingsPatch): Promise<void> {
  const { subject, body, from } = patch.template;
  try {
    await client.emailTemplates.update(MFA_TEMPLATE, { subject, body, from, enabled: true });
  } catch (error) {
    if (!isStatus(error, 404)) throw error;
    await client.emailTemplates.create({ template: MFA_TEMPLATE, subject, body, from, syntax: 'liquid', enabled: true });
  }
}

async function sendTest(session: ManagementSession, request: EmailTestRequest): Promise<EmailTestResult> {
  try {
    const body = (await sdkFetch(session, TEST_MESSAGE_PATH, { method: 'POST', body: { email: request.email } })) as Record<string, unknown>;
    return { provider: text(body.provider), messageId: text(body.message_id) };
  } catch (error) {
    if (isStatus(error, 404)) throw new ServerRefusalError('This server cannot send a test email (a Tessera feature): sign in with an email code instead');
    throw error;
  }
}

export function emailOperations(call: ManagementCall) {
  return {
    emailSettings(): Promise<EmailSettingsView> {
      return call((client) => readEmailSettings(client));
    },
    setEmailSettings(patch: EmailSettingsPatch): Promise<EmailSettingsView> {
      return call(async (client) => {
        await writePart(client, patch);
        return await readEmailSettings(client);
      });
    },
    sendEmailTest(request: EmailTestRequest): Promise<EmailTestResult> {
      return call((_client, session) => sendTest(session, request));
    },
  };
}
