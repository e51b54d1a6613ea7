import { alertOperations } from './alerts';
import { applicationOperations } from './applications';
import { bulkResetOperations } from './bulk-reset';
import { createConnections } from './connections';
import type { AdminServiceDeps } from './deps';
import { emailOperations } from './email';
import { guardianOperations } from './guardian';
import { logStreamOperations } from './log-streams';
import { logOperations } from './logs';
import { managementCall } from './management-call';
import { outboxOperations } from './outbox';
import { phoneOperations } from './phone';
import type { AdminApi, AdminConnectionView } from './types';
import { userMfaOperations } from './user-mfa';
import { userOperations } from './users';

export type { AdminServiceDeps, EmbeddedAdminHost } from './deps';

export type AdminService = AdminApi & {
  /** useConnection, switching only once the connection's server gave a token (`tessera admin use`). */
  useCheckedConnection(id: string): Promise<AdminConnectionView>;
  close(): Promise<void>;
};

/**
 * The admin console's service in main (and `tessera admin`'s): every call goes through auth0@7's
 * ManagementClient on the active connection; tokens live only in this object's memory.
 */
export function createAdminService(deps: AdminServiceDeps): AdminService {
  const connections = createConnections(deps);
  const call = managementCall(connections);
  const users = userOperations(call);
  const { findUser: _findUser, ...userReads } = users;
  return {
    connections: () => connections.list(),
    addRemoteConnection: (input) => connections.addRemote(input),
    removeConnection: (id) => connections.remove(id),
    useConnection: (id) => connections.use(id),
    useCheckedConnection: (id) => connections.use(id, { checked: true }),
    ...userReads,
    ...userMfaOperations(call, users),
    ...guardianOperations(call),
    ...phoneOperations(call),
    ...emailOperations(call),
    ...logOperations(call),
    ...bulkResetOperations(call),
    ...applicationOperations(call),
    ...logStreamOperations(call),
    ...alertOperations(call, deps.clock),
    ...outboxOperations(call),
    async close() {
      connections.drop();
    },
  };
}
