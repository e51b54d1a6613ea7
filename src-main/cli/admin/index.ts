import { bulkReset } from './bulk-commands';
import { connections, login, logout, use } from './connection-commands';
import { logs } from './log-commands';
import { logStreams } from './log-stream-commands';
import { outbox } from './outbox-command';
import { factor, factors, policy } from './settings-commands';
import { recoveryCode, removeAuthenticator, reset, ticket, user, users } from './user-commands';

/** `tessera admin …`: the desktop console's service from a terminal, same connections and keychain items. */
export const adminCommands = {
  summary: "people's MFA on a Tessera server or an Auth0 tenant, through the Management API",
  commands: {
    login, logout, connections, use, users, user, 'remove-authenticator': removeAuthenticator, reset,
    'recovery-code': recoveryCode, ticket, 'bulk-reset': bulkReset, logs, 'log-streams': logStreams, outbox, factors, factor, policy,
  },
};
