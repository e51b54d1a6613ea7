import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionId } from '../../helpers/imports.js';
import { insufficientScope, mgmtError, scopesExcept } from '../../helpers/management.js';
import { buildTestServer, json, managementToken, mgmt, type TestServer } from '../../helpers/server.js';

describe('Management API: connections', () => {
  let server: TestServer;
  let token: string;
  let connection: Record<string, unknown>;
  beforeEach(async () => {
    server = await buildTestServer();
    token = await managementToken(server.app);
    connection = {
      id: await connectionId(server),
      options: {
        mfa: { active: true, return_enroll_settings: true },
        brute_force_protection: true,
        password_complexity_options: { min_length: 8 },
        import_mode: false,
        disable_signup: true,
        requires_username: false,
      },
      strategy: 'auth0',
      name: 'Username-Password-Authentication',
      is_domain_connection: false,
      realms: ['Username-Password-Authentication'],
    };
  });
  afterEach(async () => server.close());

  const get = async (url: string, bearer = token) => {
    const response = await mgmt(server.app, 'GET', url, undefined, bearer);
    return { status: response.statusCode, body: json(response) };
  };

  it('lists the one database connection, as an array, with totals, or by checkpoint', async () => {
    expect(await get('/api/v2/connections')).toEqual({ status: 200, body: [connection] });
    expect(await get('/api/v2/connections?include_totals=true')).toEqual({ status: 200, body: { connections: [connection], start: 0, limit: 50, total: 1 } });
    expect(await get('/api/v2/connections?include_totals=true&take=50')).toEqual({ status: 200, body: { connections: [connection] } });
    expect(await get('/api/v2/connections?strategy=auth0&name=Username-Password-Authentication')).toEqual({ status: 200, body: [connection] });
    expect(await get('/api/v2/connections?strategy=google-oauth2')).toEqual({ status: 200, body: [] });
    expect(await get('/api/v2/connections?from=con_0000000000000000&take=5')).toEqual({ status: 200, body: { connections: [] } });
  });

  it('reads it by id; an unknown id is a 404', async () => {
    expect(await get(`/api/v2/connections/${String(connection.id)}`)).toEqual({ status: 200, body: connection });
    expect(await get('/api/v2/connections/con_0000000000000000')).toEqual({ status: 404, body: mgmtError(404, 'inexistent_connection', 'The connection does not exist.') });
  });

  it('needs read:connections', async () => {
    const weak = await managementToken(server.app, scopesExcept('read:connections'));
    expect(await get('/api/v2/connections', weak)).toEqual({ status: 403, body: insufficientScope('read:connections') });
  });

  it('keeps its id across restarts', async () => {
    const { dbPath, dataKey } = server;
    await server.close({ keepFiles: true });
    server = await buildTestServer({ dbPath, dataKey });
    expect(await connectionId(server)).toBe(connection.id);
    expect((await get('/api/v2/connections', await managementToken(server.app))).body).toEqual([connection]);
  });
});
