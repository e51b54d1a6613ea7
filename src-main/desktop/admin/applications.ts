import type { Management } from 'auth0';
import { PRESET_BODIES } from './application-presets';
import type { ManagementCall } from './management-call';
import { AdminError, AdminErrorKind, ApplicationPreset, type ApplicationInput, type ApplicationView, type ApplicationWithSecret } from './types';

const PAGE = 100;
const MAX_PAGES = 50;
const CONSOLE_CLIENT = 'This is the client the console itself signs in with: removing or rotating it would lock the console out';

function applicationView(client: Management.Client, consoleClientId: string): ApplicationView {
  return {
    clientId: client.client_id ?? '',
    name: client.name ?? '',
    appType: client.app_type ?? null,
    grantTypes: client.grant_types ?? [],
    isConsoleClient: client.client_id === consoleClientId,
  };
}

function withSecret(client: { client_secret?: string } & Management.Client, consoleClientId: string): ApplicationWithSecret {
  if (!client.client_secret) throw new AdminError(AdminErrorKind.forbidden, 'The server did not return the secret: the admin client needs the read:client_keys scope');
  return { application: applicationView(client, consoleClientId), clientSecret: client.client_secret };
}

export function applicationOperations(call: ManagementCall) {
  function refuseConsoleClient(clientId: string, consoleClientId: string): void {
    if (clientId === consoleClientId) throw new AdminError(AdminErrorKind.invalidInput, CONSOLE_CLIENT);
  }
  const checkId = (clientId: unknown) => {
    if (typeof clientId !== 'string' || !clientId.trim()) throw new AdminError(AdminErrorKind.invalidInput, 'Choose an application');
  };

  return {
    applications(): Promise<ApplicationView[]> {
      return call(async (client, session) => {
        const all: Management.Client[] = [];
        for (let page = 0; page < MAX_PAGES; page++) {
          const result = await client.clients.list({ page, per_page: PAGE, include_totals: true });
          all.push(...result.data);
          if (result.data.length < PAGE) break;
        }
        return all.map((c) => applicationView(c, session.clientId));
      });
    },
    createApplication(input: ApplicationInput): Promise<ApplicationWithSecret> {
      const name = typeof input.name === 'string' ? input.name.trim() : '';
      if (!name || name.length > 200) return Promise.reject(new AdminError(AdminErrorKind.invalidInput, 'Name the application (up to 200 characters)'));
      if (!Object.values(ApplicationPreset).includes(input.preset)) return Promise.reject(new AdminError(AdminErrorKind.invalidInput, 'Choose a preset'));
      return call(async (client, session) => withSecret(await client.clients.create({ name, ...PRESET_BODIES[input.preset] }), session.clientId));
    },
    rotateApplicationSecret(clientId: string): Promise<ApplicationWithSecret> {
      return call(async (client, session) => {
        checkId(clientId);
        refuseConsoleClient(clientId, session.clientId);
        return withSecret(await client.clients.rotateSecret(clientId), session.clientId);
      });
    },
    deleteApplication(clientId: string): Promise<void> {
      return call(async (client, session) => {
        checkId(clientId);
        refuseConsoleClient(clientId, session.clientId);
        await client.clients.delete(clientId);
      });
    },
  };
}
