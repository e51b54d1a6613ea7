import { describe, expect, it } from 'vitest';
import { parseUserQuery } from '../../../server/services/user-query.js';
import type { UserSearch } from '../../../server/store/queries.js';
import type { UserRow } from '../../../server/store/users.js';
import { authenticatorRow, T0, userRow } from './account-rows.js';
import { useFreshStore, type OpenEmptyStore } from './fresh-store.js';

const search = (q: string, fields: Partial<Omit<UserSearch, 'terms'>> = {}): UserSearch => ({
  terms: q ? parseUserQuery(q) : [],
  sort: { field: 'created_at', descending: false },
  offset: 0,
  limit: 50,
  ...fields,
});
const ids = (page: { users: UserRow[] }) => page.users.map((user) => user.user_id.slice('auth0|'.length));

/**
 * Spellings of alice@example.com an engine's email comparison may take for it: ASCII case, and the capital
 * I with a dot (U+0130), which JavaScript lower-cases to i and a combining dot but glibc's towlower to a
 * plain i (so PostgreSQL's lower() under a UTF-8 LC_CTYPE does).
 */
export const LOGIN_SPELLINGS = ['ALICE@example.com', 'Alice@Example.Com', 'al\u0130ce@example.com', 'AL\u0130CE@EXAMPLE.COM'];

/** The users repository (server/store/users.ts) as every engine must answer it: SQLite's rules are the reference. */
export function describeUserRepo(engine: string, open: OpenEmptyStore): void {
  describe(`${engine} user repository`, () => {
    const store = useFreshStore(open);

    it('gives back a user as inserted: flags as booleans, metadata as objects, times as numbers', async () => {
      const row = userRow('ann', { email_verified: true, blocked: true, name: 'Ann', user_metadata: { a: [1, 'x'] }, app_metadata: { plan: 'pro' }, logins_count: 3, last_login: T0 + 5 });
      await store().users.insert(row);
      expect(await store().users.find(row.user_id)).toEqual(row);
      expect(await store().users.find('auth0|nobody')).toBeUndefined();
    });

    it('finds a user by email ignoring ASCII case, and refuses a second user whose email differs only in case', async () => {
      await store().users.insert(userRow('ann', { email: 'Ann.Lee@Example.com' }));
      expect((await store().users.findByEmail('ann.lee@EXAMPLE.COM'))?.user_id).toBe('auth0|ann');
      expect((await store().userImport.findByEmail('ANN.LEE@example.com'))?.user_id).toBe('auth0|ann');
      await expect(store().users.insert(userRow('other', { email: 'ann.lee@example.com' }))).rejects.toThrow();
      expect((await store().users.page(0, 10)).total).toBe(1);
    });

    it('gives every spelling that finds a user the loginName of the address itself (the password limit\'s key)', async () => {
      await store().users.insert(userRow('alice', { email: 'alice@example.com' }));
      const own = await store().users.loginName('alice@example.com');
      for (const spelling of LOGIN_SPELLINGS) {
        if ((await store().users.findByEmail(spelling)) !== undefined) expect(await store().users.loginName(spelling)).toBe(own);
      }
      expect(await store().users.loginName('ALICE@EXAMPLE.COM')).toBe(own);
      expect(await store().users.loginName('bob@example.com')).not.toBe(own);
    });

    it('pages in creation order, ties broken on user_id byte order, with the total', async () => {
      for (const [id, at] of [['b', 2], ['a', 2], ['Z', 2], ['c', 1]] as const) await store().users.insert(userRow(id, { created_at: T0 + at }));
      expect(ids(await store().users.page(0, 10))).toEqual(['c', 'Z', 'a', 'b']);
      const second = await store().users.page(1, 2);
      expect([ids(second), second.total]).toEqual([['Z', 'a'], 4]);
    });

    it('updates only the fields given, and the conditional writes report whether they wrote', async () => {
      const { users } = store();
      await users.insert(userRow('ann'));
      await users.update('auth0|ann', { name: 'Ann', blocked: true, app_metadata: { x: 1 }, updated_at: T0 + 1 });
      await users.recordLogin('auth0|ann', T0 + 2);
      await users.invalidateRememberBrowser('auth0|ann', T0 + 3);
      await users.setPushLock('auth0|ann', T0 + 4);
      expect(await users.swapPasswordHash('auth0|ann', 'stale', 'next', T0 + 5)).toBe(false);
      expect(await users.swapPasswordHash('auth0|ann', 'hash-ann', 'next', T0 + 6)).toBe(true);
      expect(await users.find('auth0|ann')).toEqual(
        userRow('ann', { name: 'Ann', blocked: true, app_metadata: { x: 1 }, logins_count: 1, last_login: T0 + 2, remember_browser_invalidated_at: T0 + 3, push_locked_at: T0 + 4, password_hash: 'next', updated_at: T0 + 6 }),
      );
      // A blocked user's login is not recorded; another's is, and the row answered is the one now stored.
      expect(await users.recordLoginOf('auth0|ann', T0 + 7)).toBeUndefined();
      expect(await users.recordLoginOf('auth0|nobody', T0 + 7)).toBeUndefined();
      expect((await users.find('auth0|ann'))?.logins_count).toBe(1);
      await users.insert(userRow('bob'));
      const bob = await users.recordLoginOf('auth0|bob', T0 + 8);
      expect(bob).toEqual(userRow('bob', { logins_count: 1, last_login: T0 + 8 }));
      expect(await users.find('auth0|bob')).toEqual(bob);
      await users.setPushLock('auth0|ann', null);
      expect((await users.find('auth0|ann'))?.push_locked_at).toBeNull();
      expect(await users.remove('auth0|ann')).toBe(true);
      expect(await users.remove('auth0|ann')).toBe(false);
    });

    describe('search', () => {
      async function seed(): Promise<void> {
        const rows = [
          userRow('u1', { email: 'Zed@Example.com', name: 'Émile', created_at: T0 + 1, logins_count: 5 }),
          userRow('u2', { email: 'amy@example.com', name: 'amy', created_at: T0 + 2, logins_count: 5 }),
          userRow('u3', { email: 'Bob@example.org', name: null, created_at: T0 + 3, last_login: T0 }),
          userRow('u4', { email: 'bea@example.org', name: 'Amy', created_at: T0 + 4 }),
          userRow('u5', { email: 'a_b%c@example.net', name: 'Beth', created_at: T0 + 5 }),
        ];
        for (const row of rows) await store().users.insert(row);
        // An insert leaves the lock unset; locking is its own write.
        await store().users.setPushLock('auth0|u4', T0);
        await store().authenticators.insert(authenticatorRow('x1', 'auth0|u2', { active: true }));
        await store().authenticators.insert(authenticatorRow('x2', 'auth0|u3', { active: false }));
        await store().authenticators.insert(authenticatorRow('x3', 'auth0|u4', { active: true, kind: 'recovery-code', id: 'recovery-code|dev_x3' }));
      }

      it('matches email ignoring ASCII case, other fields exactly, and prefixes ignoring ASCII case', async () => {
        await seed();
        expect(ids(await store().users.search(search('email:"zed@EXAMPLE.com"')))).toEqual(['u1']);
        expect(ids(await store().users.search(search('name:amy')))).toEqual(['u2']);
        expect(ids(await store().users.search(search('name:AM*')))).toEqual(['u2', 'u4']);
        expect(ids(await store().users.search(search('email:B*')))).toEqual(['u3', 'u4']);
        // Only ASCII letters fold, as SQLite's NOCASE and LIKE do.
        expect(ids(await store().users.search(search('name:émile')))).toEqual([]);
        expect(ids(await store().users.search(search('name:é*')))).toEqual([]);
        expect(ids(await store().users.search(search('name:É*')))).toEqual(['u1']);
      });

      it('treats % and _ in a prefix as themselves', async () => {
        await seed();
        expect(ids(await store().users.search(search('email:a_b%*')))).toEqual(['u5']);
        expect(ids(await store().users.search(search('email:a%*')))).toEqual([]);
      });

      it('answers _exists_:multifactor, multifactor_push_locked and OR groups', async () => {
        await seed();
        expect(ids(await store().users.search(search('_exists_:multifactor')))).toEqual(['u2']);
        expect(ids(await store().users.search(search('NOT _exists_:multifactor')))).toEqual(['u1', 'u3', 'u4', 'u5']);
        expect(ids(await store().users.search(search('multifactor_push_locked:true')))).toEqual(['u4']);
        expect(ids(await store().users.search(search('(name:Beth OR email:amy@example.com) AND multifactor_push_locked:false')))).toEqual(['u2', 'u5']);
      });

      it('sorts as SQLite does: text by byte order, email ignoring ASCII case, NULLs first ascending, ties on user_id', async () => {
        await seed();
        const by = async (field: UserSearch['sort']['field'], descending = false) => ids(await store().users.search(search('', { sort: { field, descending } })));
        expect(await by('name')).toEqual(['u3', 'u4', 'u5', 'u2', 'u1']);
        expect(await by('name', true)).toEqual(['u1', 'u2', 'u5', 'u4', 'u3']);
        expect(await by('email')).toEqual(['u5', 'u2', 'u4', 'u3', 'u1']);
        expect(await by('last_login', true)).toEqual(['u3', 'u1', 'u2', 'u4', 'u5']);
        expect(await by('logins_count', true)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
      });

      it('pages the sorted matches and counts them all when asked (include_totals), and only then', async () => {
        await seed();
        const query = search('', { offset: 1, limit: 2, sort: { field: 'created_at', descending: true } });
        const page = await store().users.search({ ...query, withTotal: true });
        expect([ids(page), page.total]).toEqual([['u4', 'u3'], 5]);
        const uncounted = await store().users.search(query);
        expect([ids(uncounted), 'total' in uncounted]).toEqual([['u4', 'u3'], false]);
        expect((await store().users.search({ ...search('NOT _exists_:multifactor'), withTotal: true })).total).toBe(4);
      });
    });
  });
}
