import type { ManagementClient } from 'auth0';
import { isStatus } from './admin-errors';
import type { ManagementCall } from './management-call';
import { sdkFetch } from './passthrough';
import type { userOperations } from './users';
import { AdminError, AdminErrorKind, TicketFactor, type RecoveryCodeResult, type TicketRequest, type TicketResult } from './types';
import { ServerRefusalError } from './server-refusal';

type Users = ReturnType<typeof userOperations>;

const NO_EMAIL_PROVIDER = 'email_provider_not_configured';
const NO_SMTP = 'The server cannot send email (no SMTP configured): copy the link or show the QR code instead';

/** One person's authenticators: remove one, reset all, recovery code, enrollment ticket, push lock, remembered browsers. */
export function userMfaOperations(call: ManagementCall, users: Users) {
  async function existingUserId(client: ManagementClient, userId: string): Promise<string> {
    return (await users.findUser(client, userId)).user_id ?? userId;
  }

  return {
    removeAuthenticator(userId: string, authenticatorId: string): Promise<void> {
      return call(async (client) => {
        const id = await existingUserId(client, userId);
        await client.users.authenticationMethods.delete(id, authenticatorId).catch((error: unknown) => {
          if (isStatus(error, 404)) throw new AdminError(AdminErrorKind.notFound, 'That authenticator is already gone: refresh the user');
          throw error;
        });
      });
    },
    resetMfa(userId: string, confirmEmail: string): Promise<void> {
      return call(async (client) => {
        const user = await users.findUser(client, userId);
        const expected = user.email ?? user.user_id ?? '';
        if (confirmEmail.trim().toLowerCase() !== expected.toLowerCase()) throw new AdminError(AdminErrorKind.invalidInput, "Type the user's email to confirm");
        await client.users.authenticators.deleteAll(user.user_id ?? userId);
      });
    },
    regenerateRecoveryCode(userId: string): Promise<RecoveryCodeResult> {
      return call(async (client) => {
        const id = await existingUserId(client, userId);
        const result = await client.users.regenerateRecoveryCode(id).catch((error: unknown) => {
          if (isStatus(error, 404)) throw new ServerRefusalError('This person has no authenticator yet: a recovery code backs up one, so enroll a factor first');
          throw error;
        });
        if (!result.recovery_code) throw new AdminError(AdminErrorKind.failed, 'The server answered without a recovery code: retry');
        return { recoveryCode: result.recovery_code };
      });
    },
    createTicket(request: TicketRequest): Promise<TicketResult> {
      if (request.factor !== undefined && !Object.values(TicketFactor).includes(request.factor)) {
        return Promise.reject(new AdminError(AdminErrorKind.invalidInput, 'Choose one-time password or push notification'));
      }
      return call(async (client) => {
        const id = await existingUserId(client, request.userId);
        const ticket = await client.guardian.enrollments
          .createTicket({ user_id: id, send_mail: request.sendMail, ...(request.factor ? { factor: request.factor } : {}) })
          .catch((error: unknown) => {
            if (request.sendMail && isStatus(error, 400) && (error as { body?: { errorCode?: unknown } }).body?.errorCode === NO_EMAIL_PROVIDER) {
              throw new ServerRefusalError(NO_SMTP);
            }
            throw error;
          });
        return { ticketId: ticket.ticket_id ?? '', ticketUrl: ticket.ticket_url ?? '', mailed: request.sendMail };
      });
    },
    unlockPush(userId: string): Promise<void> {
      return call(async (client, session) => {
        const id = await existingUserId(client, userId);
        // Beyond Auth0 (a Tessera route): "this wasn't me" locks push until an admin unlocks it.
        await sdkFetch(session, `users/${encodeURIComponent(id)}/multifactor/actions/unlock-push`, { method: 'POST' });
      });
    },
    forgetBrowsers(userId: string): Promise<void> {
      return call(async (client) => {
        await client.users.multifactor.invalidateRememberBrowser(await existingUserId(client, userId));
      });
    },
  };
}
