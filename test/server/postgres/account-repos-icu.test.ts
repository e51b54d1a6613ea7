import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createPostgresStore, openPostgresStore } from '../../../server/store/postgres/index.js';
import { createPostgresPool } from '../../../server/store/postgres/pool.js';
import { describePostgres } from '../../helpers/postgres.js';
import type { PostgresTestContext } from '../../helpers/postgres-cluster.js';
import { describeClientRepo } from '../../helpers/store-contract/clients.js';
import { userRow } from '../../helpers/store-contract/account-rows.js';
import { describeUserRepo, LOGIN_SPELLINGS } from '../../helpers/store-contract/users.js';

/**
 * The test server's databases use the C locale, where text already sorts in SQLite's byte order. A
 * production database usually sorts by a language's rules ('amy' before 'Beth'): these contracts run on
 * one (ICU en-US), so an ORDER BY that forgot its COLLATE "C" fails here.
 */
const context = inject('postgres') as PostgresTestContext | undefined;
const names: string[] = [];
let template = '';

function urlOf(name: string): string {
  if (!context || 'skipReason' in context) throw new Error('no PostgreSQL for this file');
  const url = new URL(context.adminUrl);
  url.pathname = `/${name}`;
  return url.href;
}

async function asAdmin(sql: string): Promise<void> {
  if (!context || 'skipReason' in context) throw new Error('no PostgreSQL for this file');
  const admin = new pg.Client({ connectionString: context.adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A database named here (lower-case hex, so it needs no quoting), dropped after the file. */
async function createDatabase(options: string): Promise<string> {
  const name = `tessera_icu_${randomBytes(6).toString('hex')}`;
  await asAdmin(`CREATE DATABASE ${name} ${options}`);
  names.push(name);
  return name;
}

describePostgres('PostgreSQL with a language collation', () => {
  beforeAll(async () => {
    template = await createDatabase(`TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'`);
    const store = await openPostgresStore(urlOf(template));
    await store.close();
  });
  afterAll(async () => {
    for (const name of names.splice(0)) await asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  const open = async () => {
    const store = createPostgresStore(createPostgresPool(urlOf(await createDatabase(`TEMPLATE ${template}`))));
    return { store, dispose: () => store.close() };
  };
  describeUserRepo('PostgreSQL (ICU en-US)', open);
  describeClientRepo('PostgreSQL (ICU en-US)', open);
});

/**
 * A database whose LC_CTYPE is a UTF-8 locale, as initdb gives one on most machines: lower() folds beyond
 * ASCII there (glibc maps U+0130 to a plain i), so findByEmail finds alice@ by spellings JavaScript's
 * toLowerCase keeps apart. Each must share the address's loginName, or each would get a password-failure
 * bucket of its own (server/grants/password.ts).
 */
describePostgres('PostgreSQL with a UTF-8 LC_CTYPE', () => {
  let url = '';
  beforeAll(async () => {
    url = urlOf(await createDatabase(`TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'`));
  });
  afterAll(async () => {
    for (const name of names.splice(0)) await asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('every spelling that finds alice@example.com has its loginName, the dotted capital I included', async () => {
    const store = await openPostgresStore(url);
    try {
      await store.users.insert(userRow('alice', { email: 'alice@example.com' }));
      const own = await store.users.loginName('alice@example.com');
      // The case this database exists for: found here, a different string to JavaScript.
      expect((await store.users.findByEmail('al\u0130ce@example.com'))?.user_id).toBe('auth0|alice');
      expect('al\u0130ce@example.com'.toLowerCase()).not.toBe('alice@example.com');
      for (const spelling of LOGIN_SPELLINGS) {
        expect((await store.users.findByEmail(spelling))?.user_id).toBe('auth0|alice');
        expect(await store.users.loginName(spelling)).toBe(own);
      }
    } finally {
      await store.close();
    }
  });
});
