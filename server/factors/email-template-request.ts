import type { Tessera } from '../context.js';
import type { EmailTemplateRequest } from '../delivery/types.js';

/**
 * The `mfa_oob_code` template with the values of its variables for one send, or undefined when the
 * admin has not created it or switched it off: then the code goes out in Tessera's default words, as
 * Auth0 sends its default template for a disabled one.
 */
export async function mfaEmailTemplate(t: Tessera, who: { userId?: string | undefined; clientId?: string | undefined }): Promise<EmailTemplateRequest | undefined> {
  const template = await t.store.emailTemplates.find('mfa_oob_code');
  if (!template?.enabled) return undefined;
  const [user, client] = await Promise.all([who.userId ? t.store.users.find(who.userId) : undefined, who.clientId ? t.store.clients.find(who.clientId) : undefined]);
  return {
    subject: template.subject, body: template.body, from: template.from,
    ...(user?.name ? { userName: user.name } : {}),
    ...(user ? { userMetadata: user.user_metadata, appMetadata: user.app_metadata } : {}),
    ...(client ? { applicationName: client.name } : {}),
  };
}
