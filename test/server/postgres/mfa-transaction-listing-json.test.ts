import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresStore } from '../../../server/store/postgres/index.js';
import { createPostgresPool } from '../../../server/store/postgres/pool.js';
import type { Store } from '../../../server/store/index.js';
import { createTestDatabase, describePostgres, testPool } from '../../helpers/postgres.js';
import { authenticatorRow, T0, userRow } from '../../helpers/store-contract/account-rows.js';

/**
 * PostgreSQL's `findListing` reads its listing as one JSON value (the shared contract checks what it
 * lists): its BIGINT values come as JSON numbers, not through the pool's BIGINT parser, so it keeps that
 * parser's rule itself: a value a number cannot hold exactly is refused, not rounded.
 */
describePostgres('PostgreSQL mfa-transaction listing, read as JSON', () => {
  let url: string;
  let store: Store;
  beforeAll(async () => {
    url = await createTestDatabase();
    store = createPostgresStore(createPostgresPool(url));
    await store.users.insert(userRow('ann'));
    await store.mfaTransactions.insert({ token_digest: 'm-ann', user_id: 'auth0|ann', client_id: 'app', audience: 'https://api', scope: 'openid', created_at: T0, expires_at: T0 + 1 });
    await store.authenticators.insert(authenticatorRow('a', 'auth0|ann', { active: true, last_used_step: 7 }));
  });
  afterAll(() => store.close());

  it('gives text back as stored: quotes, backslashes, control and separator characters, astral characters', async () => {
    const name = 'Ann\'s "work" phone \\ \u0001\t\n\u2028 ☎️ 𝔸 ünïcødé';
    await store.users.insert(userRow('eve', { email: 'ève+"x"@exämple.com' }));
    await store.mfaTransactions.insert({ token_digest: 'm-eve', user_id: 'auth0|eve', client_id: 'app', audience: 'https://api', scope: 'openid', created_at: T0, expires_at: T0 + 1 });
    await store.authenticators.insert(authenticatorRow('e', 'auth0|eve', { kind: 'sms', id: 'sms|dev_e', name, phone_number: '+15550100', secret_enc: 'v1.a.b.c' }));
    const listing = await store.mfaTransactions.findListing('m-eve', 'sms');
    expect(listing?.user.email).toBe('ève+"x"@exämple.com');
    expect(listing?.authenticators).toEqual(await store.authenticators.forUser('auth0|eve'));
    expect(listing?.authenticators[0]?.name).toBe(name);
  });

  it('reads BIGINT values beyond 2^53 as the pool does: refused, in the listing as in forUser', async () => {
    expect((await store.mfaTransactions.findListing('m-ann', 'email'))?.authenticators.map((row) => row.last_used_step)).toEqual([7]);
    const admin = testPool(url, { max: 1 });
    await admin.query("UPDATE authenticators SET last_used_step = 9007199254740993 WHERE id = 'totp|dev_a'");
    await expect(store.authenticators.forUser('auth0|ann')).rejects.toThrow(
      new RangeError('BIGINT 9007199254740993 is outside the range a JavaScript number holds exactly.'),
    );
    // JSON.parse has rounded it by then: the message says so.
    await expect(store.mfaTransactions.findListing('m-ann', 'email')).rejects.toThrow(
      new RangeError('A BIGINT of the listing is outside the range a JavaScript number holds exactly (read as 9007199254740992).'),
    );
    await admin.query("UPDATE mfa_transactions SET expires_at = -9007199254740993 WHERE token_digest = 'm-ann'");
    await admin.query("UPDATE authenticators SET last_used_step = 7 WHERE id = 'totp|dev_a'");
    await expect(store.mfaTransactions.findListing('m-ann', 'email')).rejects.toThrow(
      new RangeError('A BIGINT of the listing is outside the range a JavaScript number holds exactly (read as -9007199254740992).'),
    );
  });
});
