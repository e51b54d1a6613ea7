import type { ManagementClient } from 'auth0';
import { isStatus, toAdminError } from './admin-errors';
import type { Connections } from './connections';
import type { ManagementSession } from './management-session';

export type ManagementCall = <T>(operation: (client: ManagementClient, session: ManagementSession) => Promise<T>) => Promise<T>;

/**
 * Runs one operation on the active connection. A 401 mid-session means the cached token was revoked or
 * the tenant's keys rotated: drop the session (and its token), get a fresh one, and retry once. A second
 * 401 means the credentials themselves are refused.
 */
export function managementCall(connections: Connections): ManagementCall {
  return async function call(operation) {
    let where = 'the server';
    try {
      const session = await connections.current();
      where = session.baseUrl;
      try {
        return await operation(session.client, session);
      } catch (error) {
        if (!isStatus(error, 401)) throw error;
        connections.drop();
        const fresh = await connections.current();
        return await operation(fresh.client, fresh);
      }
    } catch (error) {
      throw toAdminError(error, where);
    }
  };
}
