import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type ServerHelpers = typeof import('../../test/helpers/server.js');
type MfaHelpers = typeof import('../../test/helpers/mfa.js');
type Context = typeof import('../../server/context.js');
type ClientAuth = typeof import('../../server/services/client-auth.js');
type TokenIssuer = typeof import('../../server/services/token-issuer.js');
type Tessera = import('../../server/context.js').Tessera;

/** One part of the verify, called directly: what each tree does for it. */
export type PartCase = () => Promise<unknown>;

const ORIGIN = { ip: '127.0.0.1', userAgent: 'bench' };

/**
 * The parts the verify's changes touched, each as the code under `root` runs it, on a server of that
 * tree (its own SQLite file): client authentication, the success's log rows and login record in their
 * transaction, and the token response. `writeRows` and `login` differ between trees by what they call
 * (the newer tree has `recordAll` and `recordLoginOf`; the older one made a call per row and read the
 * user apart from writing its login), so each is written as that tree's grant wrote it.
 */
export async function partCases(root: string): Promise<{ cases: Record<string, PartCase>; close(): Promise<void> }> {
  const load = <T>(path: string) => import(pathToFileURL(join(root, path)).href) as Promise<T>;
  const helpers = await load<ServerHelpers>('test/helpers/server.ts');
  const mfa = await load<MfaHelpers>('test/helpers/mfa.ts');
  const { transaction } = await load<Context>('server/context.ts');
  const { authenticateClient } = await load<ClientAuth>('server/services/client-auth.ts');
  const { issueUserTokens } = await load<TokenIssuer>('server/services/token-issuer.ts');
  const server = await helpers.buildTestServer();
  const t: Tessera = server.app.tessera;
  const { client: credentials, user: created } = await mfa.mfaTenant(server.app);
  const client = (await t.store.clients.find(credentials.client_id))!;
  const user = (await t.store.users.find(created.user_id))!;
  const body = { client_id: credentials.client_id, client_secret: credentials.client_secret };
  const who = { origin: ORIGIN, userId: user.user_id, clientId: client.client_id, userName: user.email, clientName: client.name };
  const details = { authenticator: { id: 'totp|bench', type: 'otp' } };
  const events = [{ type: 'gd_auth_succeed', ...who, details } as const, { type: 'seotpft', ...who } as const];
  const batched = 'recordAll' in t.audit;
  const recordsLoginOf = 'recordLoginOf' in t.store.users;
  return {
    cases: {
      'client authentication': () => authenticateClient(t, body, undefined),
      'log rows (2) + login, one transaction': () =>
        transaction(t, async (tx) => {
          const users = tx.store.users as typeof tx.store.users & { recordLoginOf?: (id: string, now: number) => Promise<unknown> };
          let read: unknown;
          if (recordsLoginOf) read = await users.recordLoginOf!(user.user_id, tx.clock.now());
          else read = await users.find(user.user_id);
          const audit = tx.audit as typeof tx.audit & { recordAll?: (all: typeof events) => Promise<void> };
          if (batched) await audit.recordAll!([...events]);
          else for (const event of events) await audit.record(event);
          if (!recordsLoginOf) await users.recordLogin(user.user_id, tx.clock.now());
          return read;
        }),
      'token response (2 signatures)': () => issueUserTokens(t, { client, user, audience: t.audiences.userinfo, scope: 'openid profile email' }),
    },
    close: () => server.close(),
  };
}
