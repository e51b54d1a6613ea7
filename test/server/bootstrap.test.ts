import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_CREDENTIALS_FILE, adminCredentialsFile } from '../../server/admin-credentials.js';
import { bootstrapTenant, type AdminCredentials, type AdminCredentialsStore, type BootstrapInput } from '../../server/bootstrap.js';
import { systemRandom } from '../../server/crypto/random.js';
import { createSecretBox } from '../../server/crypto/secret-box.js';
import { openDatabase } from '../../server/store/sqlite/db.js';
import { openSqliteStore } from '../../server/store/sqlite/index.js';
import { fixedClock } from '../helpers/clock.js';
import { testSigningKeyPair } from '../helpers/test-crypto.js';

const ISSUER = 'https://tessera.test/';

/** What the database holds of a tenant: none of it, or all of it. */
function tenantRows(db: Database): { tenants: number; clients: string[]; keys: number; grants: number } {
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    tenants: count('tenant'),
    clients: (db.prepare('SELECT client_id FROM clients').all() as { client_id: string }[]).map((row) => row.client_id),
    keys: count('signing_keys'),
    grants: count('client_grants'),
  };
}

describe('bootstrapTenant', () => {
  let dir: string;
  let db: Database;
  let input: Omit<BootstrapInput, 'credentials'>;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-bootstrap-'));
    db = openDatabase(join(dir, 'tessera.db'));
    const secrets = createSecretBox(randomBytes(32), systemRandom);
    input = { store: openSqliteStore(db), secrets, clock: fixedClock(), random: systemRandom, tenantName: 'Tessera Test', signingKeyPair: await testSigningKeyPair() };
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('saves generated credentials before the tenant exists, then creates tenant, key and admin client at once', async () => {
    const saved: { admin: AdminCredentials; tenantExisted: boolean }[] = [];
    const credentials: AdminCredentialsStore = {
      save: (admin) => saved.push({ admin, tenantExisted: tenantRows(db).tenants > 0 }),
      discard: () => expect.unreachable('nothing to discard'),
    };
    const result = await bootstrapTenant({ ...input, credentials });
    expect(saved).toEqual([{ admin: result.created?.admin, tenantExisted: false }]);
    expect(tenantRows(db)).toEqual({ tenants: 1, clients: [result.created?.admin.clientId], keys: 1, grants: 1 });
    expect(await bootstrapTenant({ ...input, credentials })).toEqual({});
    expect(saved).toHaveLength(1);
  });

  it('creates nothing when the credentials cannot be saved, and the next start begins again', async () => {
    const failing: AdminCredentialsStore = { save: () => { throw new Error('ENOSPC'); }, discard: () => undefined };
    await expect(bootstrapTenant({ ...input, credentials: failing })).rejects.toThrow('ENOSPC');
    expect(tenantRows(db)).toEqual({ tenants: 0, clients: [], keys: 0, grants: 0 });

    const file = adminCredentialsFile(dir, ISSUER);
    const result = await bootstrapTenant({ ...input, credentials: file });
    const written = JSON.parse(readFileSync(file.path, 'utf8')) as { client_id: string; client_secret: string };
    expect({ clientId: written.client_id, clientSecret: written.client_secret }).toEqual(result.created?.admin);
    expect(tenantRows(db)).toEqual({ tenants: 1, clients: [written.client_id], keys: 1, grants: 1 });
  });

  it('refuses to generate credentials it has nowhere to save', async () => {
    await expect(bootstrapTenant(input)).rejects.toThrow('generated admin credentials need somewhere to be saved');
    expect(tenantRows(db)).toEqual({ tenants: 0, clients: [], keys: 0, grants: 0 });
  });

  it('with operator credentials, removes a file an unfinished first start left and writes none', async () => {
    const file = adminCredentialsFile(dir, ISSUER);
    file.save({ clientId: 'never-committed-client-000000000', clientSecret: 'never-committed-secret' });
    const admin = { clientId: 'ops-admin-client-id-0000000000000', clientSecret: 'ops-secret-that-is-long-enough-000000' };
    expect(await bootstrapTenant({ ...input, admin, credentials: file })).toEqual({ created: { admin, generated: false } });
    expect(existsSync(file.path)).toBe(false);
    expect(tenantRows(db).clients).toEqual([admin.clientId]);
  });
});

describe('adminCredentialsFile', () => {
  let dir: string;
  beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'tessera-credentials-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the file whole, private to its user, leaving no temp file behind', () => {
    const file = adminCredentialsFile(dir, ISSUER);
    file.save({ clientId: 'first', clientSecret: 'one' });
    file.save({ clientId: 'second', clientSecret: 'two' });
    expect(readdirSync(dir)).toEqual([ADMIN_CREDENTIALS_FILE]);
    expect(statSync(file.path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file.path, 'utf8'))).toEqual({
      client_id: 'second',
      client_secret: 'two',
      audience: `${ISSUER}api/v2/`,
      token_endpoint: `${ISSUER}oauth/token`,
    });
  });
});
