import { generateSync } from 'otplib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildPostgresServer } from './postgres-server.js';

const STEP_MS = 30_000;
/** An mfa_token lives 600 s (MFA_TOKEN_TTL_S) and the clock moves a step per verify: 19 verifies at most per token. */
export const VERIFIES_PER_TOKEN = 19;

type ServerHelpers = typeof import('../../test/helpers/server.js');
type MfaHelpers = typeof import('../../test/helpers/mfa.js');

export interface Variant {
  name: string;
  /** Where its `server/` lives: profile samples are told apart by this prefix. */
  root: string;
  /** One verify, answered 200 with both tokens (or it throws). */
  verify(): Promise<void>;
  /** Between windows, unmeasured: a fresh mfa_token (password login), good for VERIFIES_PER_TOKEN verifies. */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

function expect200(what: string, response: LightMyRequestResponse): Record<string, string> {
  if (response.statusCode !== 200) throw new Error(`${what}: ${response.statusCode} ${response.body}`);
  return JSON.parse(response.body) as Record<string, string>;
}

/**
 * A server built from the code under `root` (this checkout or an older tree), on SQLite or on the
 * PostgreSQL database at `postgresUrl`, with one MFA user whose
 * TOTP authenticator is confirmed; the clock moves one TOTP step per verify, so codes never run out.
 */
export async function loadVariant(name: string, root: string, postgresUrl?: string): Promise<Variant> {
  const load = <T>(path: string) => import(pathToFileURL(join(root, path)).href) as Promise<T>;
  const helpers = await load<ServerHelpers>('test/helpers/server.ts');
  const mfa = await load<MfaHelpers>('test/helpers/mfa.ts');
  const server = postgresUrl ? await buildPostgresServer(root, postgresUrl) : await helpers.buildTestServer({ engine: 'sqlite' });
  const app: FastifyInstance = server.app;
  const { client } = await mfa.mfaTenant(app);
  const scope = 'openid profile email';
  const login = () => helpers.loginForMfaToken(app, client, { scope });
  let mfaToken = await login();
  const enrolled = await mfa.associate(app, mfaToken);
  const { secret } = JSON.parse(enrolled.body) as { secret: string };
  const code = () => generateSync({ secret, epoch: Math.floor(server.clock.now() / 1000) });
  const verifyOnce = async () => {
    server.clock.advance(STEP_MS);
    const body = expect200('verify', await mfa.otpGrant(app, client, mfaToken, code()));
    if (!body.access_token || !body.id_token) throw new Error('verify: no tokens');
  };
  await verifyOnce(); // confirms the authenticator
  return {
    name,
    root,
    verify: verifyOnce,
    async refresh() {
      mfaToken = await login();
    },
    close: () => server.close(),
  };
}
