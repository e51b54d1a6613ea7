import { createPostgresStore } from '../../../server/store/postgres/index.js';
import { createPostgresPool } from '../../../server/store/postgres/pool.js';
import { createTestDatabase, describePostgres } from '../../helpers/postgres.js';
import { describeAccountRepos } from '../../helpers/store-contract/account-repos.js';

/** The account-side repository contracts on PostgreSQL: a fresh migrated database per test. */
describePostgres('PostgreSQL', () => {
  describeAccountRepos('PostgreSQL', async () => {
    // createPostgresPool (not testPool): the store needs its BIGINT parser. The store's close ends it.
    const store = createPostgresStore(createPostgresPool(await createTestDatabase()));
    return { store, dispose: () => store.close() };
  });
});
