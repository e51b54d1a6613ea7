import { expect, it } from 'vitest';
import { createPostgresStore } from '../../../server/store/postgres/index.js';
import { createPostgresPool } from '../../../server/store/postgres/pool.js';
import { createTestDatabase, describePostgres } from '../../helpers/postgres.js';
import { authenticatorRow, userRow } from '../../helpers/store-contract/account-rows.js';

/**
 * UserRepo.findForReference on PostgreSQL: an enrollment's transaction holds its user from the first read,
 * so a delete of the user waits for it and its cascade then removes what the transaction wrote, instead of
 * the delete and the transaction each waiting for a row the other holds (a deadlock, 40P01, which the
 * user delete, a single statement, answered as a 500).
 */
describePostgres('PostgreSQL users.findForReference', () => {
  it('holds the user until the transaction ends: a delete waits, then cascades over the rows written', async () => {
    const store = createPostgresStore(createPostgresPool(await createTestDatabase()));
    try {
      const ann = userRow('ann');
      await store.users.insert(ann);
      expect(await store.users.findForReference('auth0|nobody')).toBeUndefined();
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const found: unknown[] = [];
      const enrolling = store.transaction(async (tx) => {
        found.push(await tx.users.findForReference(ann.user_id));
        holding();
        await released;
        await tx.authenticators.removeInactive(ann.user_id, 'totp');
        await tx.authenticators.insert(authenticatorRow('ann1', ann.user_id));
      });
      await held;
      let deleted = false;
      const deletion = store.users.remove(ann.user_id).then((removed) => (deleted = removed));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const deletedWhileHeld = deleted;
      release();
      await enrolling;
      await deletion;
      expect(deletedWhileHeld).toBe(false);
      expect(found).toEqual([ann]);
      expect(deleted).toBe(true);
      expect(await store.users.find(ann.user_id)).toBeUndefined();
      expect(await store.authenticators.forUser(ann.user_id)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
